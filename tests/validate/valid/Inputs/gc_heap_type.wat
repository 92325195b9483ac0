(module (func (param (ref null any))))
