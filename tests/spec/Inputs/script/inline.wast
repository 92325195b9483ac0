(func (export "f") (result i32) (i32.const 7))
(memory 1)
