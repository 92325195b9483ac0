(assert_return (invoke "f") (v128.const i32x4 1 2 3))
