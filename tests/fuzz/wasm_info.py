"""What the fuzz harness needs to know about a module: its exported functions
with their signatures, and whether it exports a memory. A minimal reader of the
type, import, function and export sections (WebAssembly 2.0 binary format);
anything it cannot read raises ValueError (the module is then not run)."""

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
            0x70: "funcref", 0x6F: "externref"}


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ValueError("unexpected end of section")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u32(self):
        result, shift = 0, 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def name(self):
        n = self.u32()
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return s.decode("utf-8", "replace")

    def valtype(self):
        b = self.byte()
        if b not in VALTYPES:
            raise ValueError("unknown value type 0x%02x" % b)
        return VALTYPES[b]

    def limits(self):
        flags = self.byte()
        self.u32()
        if flags & 1:
            self.u32()


def exports(data):
    """[(name, kind, params, results)], kind "func"/"table"/"memory"/"global", in
    export-section order; params/results are lists of type names (funcs only)."""
    if data[:8] != b"\0asm\1\0\0\0":
        raise ValueError("not a wasm binary module")
    r = Reader(data, 8)
    types, funcs, result = [], [], []
    while r.pos < r.end:
        sid, size = r.byte(), r.u32()
        s = Reader(data, r.pos, r.pos + size)
        r.pos += size
        if sid == 1:
            for _ in range(s.u32()):
                if s.byte() != 0x60:
                    raise ValueError("unknown type form")
                params = [s.valtype() for _ in range(s.u32())]
                results = [s.valtype() for _ in range(s.u32())]
                types.append((params, results))
        elif sid == 2:
            for _ in range(s.u32()):
                s.name(), s.name()
                kind = s.byte()
                if kind == 0:
                    funcs.append(s.u32())
                elif kind == 1:
                    s.byte(), s.limits()
                elif kind == 2:
                    s.limits()
                elif kind == 3:
                    s.byte(), s.byte()
                else:
                    raise ValueError("unknown import kind %d" % kind)
        elif sid == 3:
            funcs.extend(s.u32() for _ in range(s.u32()))
        elif sid == 7:
            for _ in range(s.u32()):
                name, kind, index = s.name(), s.byte(), s.u32()
                if kind == 0:
                    params, results = types[funcs[index]]
                    result.append((name, "func", params, results))
                else:
                    result.append((name, {1: "table", 2: "memory", 3: "global"}.get(kind, "?"), [], []))
    return result
