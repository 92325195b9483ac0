(assert_return (invoke "f")
