(assert_return (invoke "f") (f32.const nan:signalling))
