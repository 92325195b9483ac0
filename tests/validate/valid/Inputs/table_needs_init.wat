(module (type $t (func)) (table 1 (ref $t)))
