(assert_invalid (invoke "f") "type mismatch")
