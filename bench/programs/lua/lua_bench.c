/* Real program: the Lua 5.4 interpreter (Debian's lua5.4 source package, fetched by
 * bench/programs/specs.py) running the script below: recursion, table building and
 * table.sort with a Lua comparator, string formatting/concatenation/gsub/find, a small
 * class with metatables, and float loops. Only the base, table, string, math and utf8
 * libraries are opened (no io/os: nothing the native and wasm builds could see
 * differently). The script's result (a 48-bit integer hash) is the checksum.
 * argv[1]: work scale in percent (bench.h). */
#include "bench.h"
#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

static const char kScript[] =
    "local reps = ...\n"
    "local h = 0\n"
    "local function mix(x) h = (h * 31 + x) & 0xffffffffffff end\n"
    "local seed = 12345\n"
    "local function rnd(n) seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n end\n"
    "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\n"
    "local Vec = {}\n"
    "Vec.__index = Vec\n"
    "function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end\n"
    "function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end\n"
    "function Vec.__mul(a, s) return Vec.new(a.x * s, a.y * s) end\n"
    "function Vec:dot(b) return self.x * b.x + self.y * b.y end\n"
    "for r = 1, reps do\n"
    "  mix(fib(21))\n"
    "  local t = {}\n"
    "  for i = 1, 6000 do t[i] = rnd(100000) end\n"
    "  table.sort(t, function(a, b) return a > b end)\n"
    "  for i = 1, #t, 97 do mix(t[i]) end\n"
    "  local words = {}\n"
    "  for i = 1, 1500 do words[#words + 1] = string.format('w%d_%x', rnd(1000), i) end\n"
    "  local s = table.concat(words, ' ')\n"
    "  local n = 0\n"
    "  s = s:gsub('w(%d+)_', function(d) n = n + #d; return 'W' .. d .. '-' end)\n"
    "  mix(n); mix(#s)\n"
    "  local cnt = 0\n"
    "  for w in s:gmatch('W%d+%-(%x+)') do cnt = cnt + #w end\n"
    "  mix(cnt)\n"
    "  mix(select(2, s:find('W99%-')) or 0)\n"
    "  local freq = {}\n"
    "  for i = 1, #s, 3 do local c = s:byte(i); freq[c] = (freq[c] or 0) + 1 end\n"
    "  for c = 0, 255 do if freq[c] then mix(c * freq[c]) end end\n"
    "  local acc = Vec.new(0, 0)\n"
    "  for i = 1, 3000 do acc = acc + Vec.new(i * 0.5, -i / 3) * 1.0001 end\n"
    "  mix(math.floor(acc:dot(Vec.new(1.5, 2.5))) & 0xffffffff)\n"
    "  local z = 0.0\n"
    "  for i = 1, 20000 do z = z + math.sqrt(i) * math.sin(i * 0.001) end\n"
    "  mix(math.floor(z * 1000))\n"
    "  mix(#string.format('%.6f %g %5.2e', z, z / 7, z * 1e10))\n"
    "  mix(utf8.len('h\\u{e9}llo w\\u{f6}rld \\u{1f600}'))\n"
    "end\n"
    "return h\n";

int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},       {LUA_TABLIBNAME, luaopen_table},
                                  {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                  {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
    luaL_requiref(L, libs[i].name, libs[i].func, 1);
    lua_pop(L, 1);
  }
  if (luaL_loadbuffer(L, kScript, sizeof kScript - 1, "bench") != LUA_OK) {
    printf("lua: %s\n", lua_tostring(L, -1));
    return 1;
  }
  lua_pushinteger(L, BenchReps(argc, argv, 60));
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    printf("lua: %s\n", lua_tostring(L, -1));
    return 1;
  }
  uint64_t h = (uint64_t)lua_tointeger(L, -1);
  lua_close(L);
  return BenchReport(h);
}
