"""Our own module generator for the fuzzer's "gen" cases: what binaryen's -ttf
rarely or never makes (docs/testing.md): br_table, blocks and ifs that take and
leave values, many locals written on some paths and read after the join (issue
9's family), bounded loops, memory.grow/memory.size, call_indirect through a
table, table.get/set/size/grow with ref.func/ref.null/ref.is_null, typed select,
return_call / return_call_indirect (3.0 tail calls).

    generate(rng) -> the text of a module (wat); fuzz.py assembles it with wat2wasm.

Every function is exported and terminates (loops count down a counter local the
body never writes; calls go only to lower-numbered functions). Floats never reach
memory and leave only through trunc_sat or the logger, so NaN bits stay hidden."""

TYPES = ["i32", "i64", "f64"]
BIN = {
    "i32": ["add", "sub", "mul", "xor", "and", "or", "shl", "shr_u", "shr_s", "rotl",
            "div_u", "rem_s"],
    "i64": ["add", "sub", "mul", "xor", "and", "or", "shl", "shr_s", "rotr", "rem_u"],
    "f64": ["add", "sub", "mul", "min", "max"],
}
CMP = {"i32": ["eq", "ne", "lt_s", "gt_u", "le_u", "ge_s"], "i64": ["eq", "lt_u", "gt_s"],
       "f64": ["lt", "ge", "eq"]}


class Func:
    def __init__(self, rng, index, params, result, callees, param_blocks):
        self.rng, self.index, self.params, self.result = rng, index, params, result
        self.param_blocks = param_blocks
        self.callees = callees  # [(index, params, result)] of lower functions
        # Sometimes more locals than either target has registers: spills at joins.
        most = 32 if rng.random() < 0.4 else 12
        self.locals = [rng.choice(TYPES) for _ in range(rng.randint(4, most))]
        self.counters = 0
        self.labels = 0

    def var(self, t):
        """A local (or param) of type t, or None."""
        pool = [i for i, lt in enumerate(self.params + self.locals) if lt == t]
        return self.rng.choice(pool) if pool else None

    def const(self, t):
        r = self.rng
        if t == "f64":
            return "(f64.const %r)" % r.choice([0.0, 1.5, -2.25, 1e10, 3.0, -0.5])
        v = r.choice([0, 1, 2, 7, 255, 0x7FFFFFFF, -1, -0x80000000, 1000, r.randint(-99999, 99999)])
        return "(%s.const %d)" % (t, v)

    def addr(self, depth):
        # In bounds of the first page (memory.grow only adds pages).
        return "(i32.and %s (i32.const 0xfff8))" % self.expr("i32", depth)

    def expr(self, t, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.25:
            v = self.var(t)
            return "(local.get %d)" % v if v is not None and r.random() < 0.7 else self.const(t)
        d = depth - 1
        k = r.randrange(10)
        if k < 3:
            op, rhs = r.choice(BIN[t]), self.expr(t, d)
            if op[:3] in ("div", "rem") and r.random() < 0.97:  # mostly no trap: go on
                rhs = "(%s.or %s (%s.const 1))" % (t, rhs, t)
            return "(%s.%s %s %s)" % (t, op, self.expr(t, d), rhs)
        if k == 3:
            return "(select %s %s %s)" % (self.expr(t, d), self.expr(t, d), self.cond(d))
        if k == 4:  # a typed select, or a value-carrying block left early by br_if
            if r.random() < 0.3:
                return "(select (result %s) %s %s %s)" % (t, self.expr(t, d), self.expr(t, d), self.cond(d))
            self.labels += 1
            label = self.labels
            return "(block $v%d (result %s) %s (drop (br_if $v%d %s %s)) %s)" % (
                label, t, self.stmts(d, 2), label, self.expr(t, d), self.cond(d), self.expr(t, d))
        if k == 5:
            return "(if (result %s) %s (then %s %s) (else %s))" % (
                t, self.cond(d), self.stmts(d, 2), self.expr(t, d), self.expr(t, d))
        if k == 6 and self.param_blocks:  # a block that takes parameters (multi-value)
            return self.param_block(t, d)
        if k in (6, 7):
            return self.convert(t, d)
        if k == 8 and self.callees:
            return self.call(t, d) or self.const(t)
        if t == "i32":
            return r.choice(["(memory.size)", "(i32.load %s)" % self.addr(d),
                             "(table.size $tab)", "(ref.is_null (table.get $tab (i32.and %s (i32.const 3))))"
                             % self.expr("i32", d)])
        if t == "i64":
            return "(i64.load %s)" % self.addr(d)
        return self.convert(t, d)

    def param_block(self, t, d):
        return "(block (result %s) %s %s (block (param %s %s) (result %s) %s.%s))" % (
            t, self.expr(t, d), self.expr(t, d), t, t, t, t, self.rng.choice(BIN[t]))

    def convert(self, t, d):
        r = self.rng
        if t == "i32":
            return r.choice(["(i32.wrap_i64 %s)" % self.expr("i64", d),
                             "(i32.trunc_sat_f64_s %s)" % self.expr("f64", d),
                             "(i32.extend8_s %s)" % self.expr("i32", d),
                             "(i64.eqz %s)" % self.expr("i64", d)])
        if t == "i64":
            return r.choice(["(i64.extend_i32_s %s)" % self.expr("i32", d),
                             "(i64.extend_i32_u %s)" % self.expr("i32", d),
                             "(i64.trunc_sat_f64_u %s)" % self.expr("f64", d)])
        return r.choice(["(f64.convert_i32_s %s)" % self.expr("i32", d),
                         "(f64.convert_i64_u %s)" % self.expr("i64", d),
                         "(f64.sqrt (f64.abs %s))" % self.expr("f64", d)])

    def cond(self, d):
        t = self.rng.choice(TYPES)
        return "(%s.%s %s %s)" % (t, self.rng.choice(CMP[t]), self.expr(t, d), self.expr(t, d))

    def call(self, t, d):
        fits = [c for c in self.callees if c[2] == t]
        if not fits:
            return None
        index, params, _ = self.rng.choice(fits)
        args = " ".join(self.expr(p, d) for p in params)
        if self.rng.random() < 0.5:
            return "(call $f%d %s)" % (index, args)
        # Through the table: slot i < 4 starts out holding $f<i> (elem below).
        if index < 4:
            return "(call_indirect $tab (type $t%d) %s (i32.const %d))" % (index, args, index)
        return "(call $f%d %s)" % (index, args)

    def stmt(self, depth):
        r = self.rng
        d = depth - 1
        k = r.randrange(12) if depth > 0 else 0
        if k <= 2:
            t = r.choice(TYPES)
            v = self.var(t)
            return "(local.set %d %s)" % (v, self.expr(t, d)) if v is not None else "(nop)"
        if k == 3:
            return "(if %s (then %s) (else %s))" % (self.cond(d), self.stmts(d, 3), self.stmts(d, 3))
        if k == 4:  # a block left early: locals written before and after the br_if
            self.labels += 1
            label = self.labels
            return "(block $b%d %s (br_if $b%d %s) %s)" % (
                label, self.stmts(d, 3), label, self.cond(d), self.stmts(d, 3))
        if k == 5:  # br_table over nested blocks, each with its own writes
            n = r.randint(2, 4)
            self.labels += 1
            base = self.labels
            targets = " ".join("$t%d_%d" % (base, r.randrange(n)) for _ in range(r.randint(1, 5)))
            inner = "(br_table %s $t%d_%d %s)" % (targets, base, n - 1, self.expr("i32", d))
            for i in range(n):
                inner = "(block $t%d_%d %s) %s" % (base, i, inner, self.stmts(d, 2))
            return inner
        if k == 6:  # a bounded loop; only its counter local decides the exit
            self.counters += 1
            c = len(self.params) + len(self.locals) + self.counters - 1
            self.labels += 1
            label = self.labels
            return ("(local.set %d (i32.const %d)) (loop $l%d %s (br_if $l%d (i32.ne (local.tee %d "
                    "(i32.sub (local.get %d) (i32.const 1))) (i32.const 0))))") % (
                c, r.randint(1, 5), label, self.stmts(d, 3), label, c, c)
        if k == 7:
            t = r.choice(["i32", "i64"])
            return "(%s.store %s %s)" % (t, self.addr(d), self.expr(t, d))
        if k == 8:
            t = r.choice(TYPES)
            return "(call $log_%s %s)" % (t, self.expr(t, d))
        if k == 9:
            return r.choice(["(drop (memory.grow (i32.const 1)))",
                             "(table.set $tab (i32.and %s (i32.const 3)) (ref.null func))" % self.expr("i32", d),
                             "(table.set $tab (i32.and %s (i32.const 3)) (ref.func $f0))" % self.expr("i32", d),
                             "(drop (table.grow $tab (ref.null func) (i32.const 1)))"])
        if k == 10 and self.callees:
            t = r.choice(TYPES)
            c = self.call(t, d)
            return "(drop %s)" % c if c else "(nop)"
        if k == 11 and r.random() < 0.3:
            same = [c for c in self.callees if c[2] == self.result]
            if same and r.random() < 0.4:  # a tail call (3.0) to a lower function
                index, params, _ = r.choice(same)
                args = " ".join(self.expr(p, d) for p in params)
                if index < 4 and r.random() < 0.5:
                    return "(if %s (then (return_call_indirect $tab (type $t%d) %s (i32.const %d))))" % (
                        self.cond(d), index, args, index)
                return "(if %s (then (return_call $f%d %s)))" % (self.cond(d), index, args)
            return "(if %s (then (return %s)))" % (self.cond(d), self.expr(self.result, d))
        return "(nop)"

    def stmts(self, depth, most):
        return " ".join(self.stmt(depth) for _ in range(self.rng.randint(1, most)))

    def text(self):
        body = self.stmts(4, 8)
        # Fold every local into the result, so a wrong value anywhere shows.
        acc = "(i64.const 0)"
        for i, t in enumerate(self.params + self.locals):
            v = {"i32": "(i64.extend_i32_u (local.get %d))" % i, "i64": "(local.get %d)" % i,
                 "f64": "(i64.trunc_sat_f64_s (local.get %d))" % i}[t]
            acc = "(i64.add (i64.rotl %s (i64.const 7)) %s)" % (acc, v)
        ret = {"i32": "(i32.wrap_i64 %s)", "i64": "%s", "f64": "(f64.convert_i64_s %s)"}[self.result] % acc
        decl = " ".join("(param %s)" % p for p in self.params)
        locals_ = " ".join("(local %s)" % t for t in self.locals + ["i32"] * self.counters)
        return '  (func $f%d (export "f%d") (type $t%d) %s\n    %s\n    %s)\n' % (
            self.index, self.index, self.index, locals_, body, ret)


def generate(rng):
    # Half the modules have no blocks with parameters, so wasm-opt can read them.
    param_blocks = rng.random() < 0.5
    funcs, types, callees = [], [], []
    for i in range(rng.randint(2, 6)):
        params = [rng.choice(TYPES) for _ in range(rng.randint(0, 7))]
        result = rng.choice(TYPES)
        f = Func(rng, i, params, result, list(callees), param_blocks)
        funcs.append(f.text())  # generates the body (may add counter locals)
        types.append("  (type $t%d (func %s (result %s)))\n" % (
            i, " ".join("(param %s)" % p for p in params), result))
        callees.append((i, params, result))
    n = len(funcs)
    elem = " ".join("$f%d" % (i % n) for i in range(4))
    return ("(module\n" + "".join(types)
            + '  (import "fuzzing-support" "log-i32" (func $log_i32 (param i32)))\n'
            + '  (import "fuzzing-support" "log-i64" (func $log_i64 (param i64)))\n'
            + '  (import "fuzzing-support" "log-f64" (func $log_f64 (param f64)))\n'
            + '  (memory (export "memory") 1 4)\n  (table $tab 4 8 funcref)\n'
            + "  (elem (table $tab) (i32.const 0) func %s)\n" % elem
            + '  (data (i32.const 16) "wasmc fuzz \\01\\02\\03\\ff")\n'
            + "".join(funcs)
            + ")\n")
