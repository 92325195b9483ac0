(assert_return (invoke "f") (v128.const i32x3 1 2 3))
