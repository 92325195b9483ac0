(module binary "\00asm
