;; Runner verdicts on exceptions (tests/spec/exceptions.test): each command fails.
(module
  (tag $e)
  (func (export "throw") (throw $e))
  (func (export "ok")))
(assert_trap (invoke "throw") "unreachable")
(assert_exception (invoke "ok"))
