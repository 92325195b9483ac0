# find_package(wasmc): the installed wasmc compiler and wasmc_add_executable().
#
#   find_package(wasmc 0.1 REQUIRED)
#   wasmc_add_executable(<name> <app.wasm>
#                        [TARGET x86_64-linux|aarch64-linux] [CPU <cpu>]
#                        [MANIFEST <m.toml>] [DIR <host[::guest]>...] [DIR_RO ...]
#                        [FILE <host[::guest]:R|W|RW>...] [ENV <NAME=VALUE>...]
#                        [OPT 0|1|2] [OUTPUT <file>] [FLAGS <more wasmc flags>...])
#
# Adds a custom target <name> (built by default) that compiles <app.wasm> to the
# executable ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/<name> if that is set, else
# ${CMAKE_CURRENT_BINARY_DIR}/bin/<name> (a file may not share the target's name
# in the build folder: Ninja's phony target has it), or OUTPUT; sets the target's
# WASMC_OUTPUT property to that path. Relative paths are relative to the current
# source directory; <app.wasm> may be the output of another custom command. The
# executable is rebuilt when the .wasm, the manifest, wasmc or its runtime image
# change. Grants (DIR, FILE, ENV, MANIFEST) are embedded in the executable, as
# with wasmc's own flags (docs/manifest.md).
#
# Defines the imported executable wasmc::wasmc and WASMC_EXECUTABLE.
cmake_minimum_required(VERSION 3.20)
get_filename_component(_wasmc_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(WASMC_EXECUTABLE "${_wasmc_prefix}/bin/wasmc")
set(WASMC_RUNTIME_DIR "${_wasmc_prefix}/lib/wasmc")
if(NOT EXISTS "${WASMC_EXECUTABLE}")
  set(wasmc_FOUND FALSE)
  set(wasmc_NOT_FOUND_MESSAGE "wasmc package at ${_wasmc_prefix}: ${WASMC_EXECUTABLE} is missing")
  return()
endif()
if(NOT TARGET wasmc::wasmc)
  add_executable(wasmc::wasmc IMPORTED)
  set_target_properties(wasmc::wasmc PROPERTIES IMPORTED_LOCATION "${WASMC_EXECUTABLE}")
endif()

function(wasmc_add_executable name wasm)
  cmake_parse_arguments(PARSE_ARGV 2 W "" "TARGET;CPU;MANIFEST;OPT;OUTPUT"
                        "DIR;DIR_RO;FILE;ENV;FLAGS")
  if(W_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasmc_add_executable(${name}): unknown arguments: ${W_UNPARSED_ARGUMENTS}")
  endif()
  if(DEFINED W_CPU)
    # Loud, not ignored: CPU names (e.g. skylake) are not wasmc's levels.
    message(FATAL_ERROR "wasmc_add_executable(${name}): CPU is not supported yet "
                        "(use FLAGS --cpu=<level>, wasmc's x86-64 levels: docs/usage.md)")
  endif()
  get_filename_component(wasm "${wasm}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/bin/${name}")
  if(CMAKE_RUNTIME_OUTPUT_DIRECTORY)
    set(out "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/${name}")
  endif()
  if(W_OUTPUT)
    get_filename_component(out "${W_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(triple "")
  set(args)
  if(W_TARGET)
    set(triple "${W_TARGET}")
    list(APPEND args "--target=${W_TARGET}")
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    set(triple aarch64-linux)
  else()
    set(triple x86_64-linux)
  endif()
  if(DEFINED W_OPT)
    list(APPEND args "-O${W_OPT}")
  endif()
  set(depends "${wasm}" wasmc::wasmc)
  foreach(image runtime.elf runtime-min.elf)  # wasmc links one of them
    if(EXISTS "${WASMC_RUNTIME_DIR}/${triple}/${image}")
      list(APPEND depends "${WASMC_RUNTIME_DIR}/${triple}/${image}")
    endif()
  endforeach()
  if(W_MANIFEST)
    get_filename_component(manifest "${W_MANIFEST}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "--manifest=${manifest}")
    list(APPEND depends "${manifest}")
  endif()
  foreach(kind DIR DIR_RO FILE ENV)
    string(TOLOWER "${kind}" flag)
    string(REPLACE "_" "-" flag "${flag}")
    foreach(value IN LISTS W_${kind})
      list(APPEND args "--${flag}=${value}")
    endforeach()
  endforeach()
  list(APPEND args ${W_FLAGS})
  get_filename_component(out_dir "${out}" DIRECTORY)
  add_custom_command(OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    COMMAND wasmc::wasmc ${args} "${wasm}" -o "${out}"
    DEPENDS ${depends}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "wasmc: ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${out}")
  set_target_properties(${name} PROPERTIES WASMC_OUTPUT "${out}")
endfunction()
