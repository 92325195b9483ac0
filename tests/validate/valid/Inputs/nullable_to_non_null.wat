(module
  (type $t (func))
  (func (param (ref null $t)) (local $l (ref $t))
    (local.set $l (local.get 0))))
