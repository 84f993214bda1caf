# Builds the SDK's example plugin (sdk/examples/deny_prefix) the way a vendor does: a separate
# CMake project that knows only the installed SDK prefix, then checks what it built: the module
# exports exactly one dynamic symbol, smppd_plugin_v1, and its manifest names the file and the
# sha256 of its bytes. When the SDK ships the fake host, the example's unit tests are built
# against it and run too.
#
#   cmake -DPREFIX=<installed SDK> -DEXAMPLE_DIR=<sdk/examples/deny_prefix> -DWORK_DIR=<dir>
#         -DGENERATOR=<...> -DMAKE_PROGRAM=<...> -DC_COMPILER=<...> -DCXX_COMPILER=<...>
#         -DNM=<nm> -DTESTING_DIR=<relative> [-DCOMPILER_LAUNCHER=<ccache>] -P sdk_example.cmake
foreach(var PREFIX EXAMPLE_DIR WORK_DIR GENERATOR C_COMPILER CXX_COMPILER NM TESTING_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "sdk_example.cmake: -D${var}=... is required")
  endif()
endforeach()
set(plugin deny_prefix)

file(REMOVE_RECURSE "${WORK_DIR}")
set(configure_args
  -S "${EXAMPLE_DIR}" -B "${WORK_DIR}" -G "${GENERATOR}"
  "-DCMAKE_C_COMPILER=${C_COMPILER}"
  "-DCMAKE_BUILD_TYPE=RelWithDebInfo"
  "-DCMAKE_PREFIX_PATH=${PREFIX}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
  -DCMAKE_COMPILE_WARNING_AS_ERROR=ON)
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(COMPILER_LAUNCHER)
  # The main build's ccache: a rerun of this test recompiles nothing.
  list(APPEND configure_args
    "-DCMAKE_C_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}" "-DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}")
endif()
set(with_tests FALSE)
if(EXISTS "${PREFIX}/${TESTING_DIR}/fake_host.h")
  set(with_tests TRUE)
  list(APPEND configure_args -DDENY_PREFIX_TESTS=ON "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_args} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring the example against ${PREFIX} failed (${result})")
endif()

# The package came from the prefix, not from anywhere else on the machine.
file(STRINGS "${WORK_DIR}/CMakeCache.txt" package_dir REGEX "^smppd-sdk_DIR:")
string(REGEX REPLACE "^smppd-sdk_DIR:[A-Z]+=" "" package_dir "${package_dir}")
file(REAL_PATH "${package_dir}" package_dir)
file(REAL_PATH "${PREFIX}" real_prefix)
string(FIND "${package_dir}/" "${real_prefix}/" where)
if(NOT where EQUAL 0)
  message(FATAL_ERROR "smppd-sdk was found in ${package_dir}, not under ${real_prefix}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}" --parallel 2 RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building the example failed (${result})")
endif()

set(library "${WORK_DIR}/${plugin}.so")
set(manifest "${WORK_DIR}/${plugin}.toml")
foreach(file "${library}" "${manifest}")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "the example build did not write ${file}")
  endif()
endforeach()

# Exactly one exported symbol: the entry, as code.
execute_process(COMMAND "${NM}" -D --defined-only "${library}"
  OUTPUT_VARIABLE symbols RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${library} failed (${result})")
endif()
string(STRIP "${symbols}" symbols)
string(REPLACE "\n" ";" symbol_lines "${symbols}")
list(LENGTH symbol_lines symbol_count)
if(NOT symbol_count EQUAL 1 OR NOT symbols MATCHES "^[0-9a-fA-F]+ T smppd_plugin_v1$")
  message(FATAL_ERROR "${plugin}.so must export exactly smppd_plugin_v1; nm -D --defined-only says:\n${symbols}")
endif()

# The manifest: the source manifest, then file and the sha256 of the library's bytes.
file(READ "${manifest}" written)
file(READ "${EXAMPLE_DIR}/${plugin}.toml" source)
string(FIND "${written}" "${source}" where)
if(NOT where EQUAL 0)
  message(FATAL_ERROR "${manifest} does not start with the source manifest")
endif()
file(SHA256 "${library}" digest)
if(NOT written MATCHES "\nfile = \"${plugin}\\.so\"\n")
  message(FATAL_ERROR "${manifest} has no line file = \"${plugin}.so\":\n${written}")
endif()
string(REGEX MATCH "\nsha256 = \"([0-9a-f]*)\"\n" sha_line "${written}")
if(NOT CMAKE_MATCH_1 STREQUAL digest)
  message(FATAL_ERROR "${manifest}: sha256 is '${CMAKE_MATCH_1}', the library's is ${digest}")
endif()
message(STATUS "${plugin}.so exports only smppd_plugin_v1; manifest sha256 ${digest}")

if(with_tests)
  execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK_DIR}" --output-on-failure
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "the example's unit tests against the installed fake host failed (${result})")
  endif()
else()
  message(STATUS "the installed SDK has no ${TESTING_DIR}/fake_host.h: the example's unit tests were not built")
endif()
