# Writes the roots of the minimal runtime image's section GC (runtime-support/
# CMakeLists.txt) as an ld.lld response file: `-u NAME` for every global symbol
# defined by the runtime's own objects (core/, freestanding/, <isa>/start.S), which
# the module's code may reference by name; the shim's code stays only as far as
# those and the calls of wasi-shim/calls_min.def reach it.
#   cmake -DNM=<llvm-nm> -DOUT=<file> -DOBJECTS=<a;b;...> -P gc_roots.cmake
set(lines "-u wasmc_wasi_init\n-u wasmc_wasi_resolve\n")
foreach(obj ${OBJECTS})
  execute_process(COMMAND ${NM} --defined-only --extern-only --format=just-symbols ${obj}
                  OUTPUT_VARIABLE names RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gc_roots.cmake: ${NM} failed on ${obj}")
  endif()
  string(REGEX REPLACE "\n$" "" names "${names}")
  if(names)
    string(REPLACE "\n" ";" names "${names}")
    foreach(n ${names})
      string(APPEND lines "-u ${n}\n")
    endforeach()
  endif()
endforeach()
file(WRITE ${OUT} "${lines}")
