(register $M "name")
