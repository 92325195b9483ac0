(module (func (i32.bogus)))
