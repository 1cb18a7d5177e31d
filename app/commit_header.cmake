# Run with `cmake -DSOURCE_DIR=... -DOUT=... -P` at every build (app/CMakeLists.txt): writes OUT, a
# header defining TENGEN_COMMIT (the source tree's commit, "+changes" when the tree differs from it,
# "" outside a git checkout), and rewrites it only when that changed, so that a build without a new
# commit recompiles nothing. `tengen --version` prints it.
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0)
  set(commit "")
endif()
if(commit)
  execute_process(COMMAND git -C "${SOURCE_DIR}" diff --quiet HEAD -- RESULT_VARIABLE changed ERROR_QUIET)
  if(changed EQUAL 1)
    string(APPEND commit "+changes")
  endif()
endif()
set(text "#define TENGEN_COMMIT \"${commit}\"\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
