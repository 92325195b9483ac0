# cmake -DWASMC=<wasmc> -DOUT=<wasmc.1> -P GenerateManPage.cmake
# Writes the manual page from wasmc's own option table (`wasmc --help-man`).
execute_process(COMMAND ${WASMC} --help-man OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${WASMC} --help-man failed (${rc})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
