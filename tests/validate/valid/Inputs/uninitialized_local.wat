;; A non-nullable local set inside a block is unset again after its end.
(module
  (type $t (func))
  (func $f)
  (elem declare func $f)
  (func (local $l (ref $t))
    (block (local.set $l (ref.func $f)))
    (call_ref $t (local.get $l))))
