# A C11 file that includes only <smppd/plugin.h> compiles with nothing but
# `pkg-config --cflags smppd-sdk` against the installed SDK prefix, and the .pc file states the
# ABI version the headers declare.
#
#   cmake -DPREFIX=<installed SDK> -DPKGCONFIG_DIR=<relative> -DPKG_CONFIG=<pkg-config>
#         -DC_COMPILER=<cc> -DSOURCE=<pkg_config_consumer.c> -DWORK_DIR=<dir>
#         -DABI_VERSION=<major.minor> -P sdk_pkg_config.cmake
foreach(var PREFIX PKGCONFIG_DIR PKG_CONFIG C_COMPILER SOURCE WORK_DIR ABI_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "sdk_pkg_config.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# This prefix only: no system or user .pc directories.
set(ENV{PKG_CONFIG_LIBDIR} "${PREFIX}/${PKGCONFIG_DIR}")
set(ENV{PKG_CONFIG_PATH} "")
unset(ENV{PKG_CONFIG_SYSROOT_DIR})

function(pkg_config out)
  execute_process(COMMAND "${PKG_CONFIG}" ${ARGN}
    OUTPUT_VARIABLE output ERROR_VARIABLE error RESULT_VARIABLE result OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "pkg-config ${ARGN} failed (${result}): ${error}")
  endif()
  set(${out} "${output}" PARENT_SCOPE)
endfunction()

pkg_config(version --modversion smppd-sdk)
pkg_config(abi_version --variable=abi_version smppd-sdk)
if(NOT version STREQUAL ABI_VERSION OR NOT abi_version STREQUAL ABI_VERSION)
  message(FATAL_ERROR "smppd-sdk.pc says version ${version}, abi_version ${abi_version}; the headers say ${ABI_VERSION}")
endif()
pkg_config(ignored --exists "smppd-sdk >= ${ABI_VERSION}")
pkg_config(libs --libs smppd-sdk)
if(NOT libs STREQUAL "")
  message(FATAL_ERROR "smppd-sdk.pc must give no libraries (plugins link nothing of smppd): ${libs}")
endif()

pkg_config(cflags --cflags smppd-sdk)
separate_arguments(cflag_list UNIX_COMMAND "${cflags}")
# The include directory it names is the prefix's own.
set(include_dir "")
foreach(flag IN LISTS cflag_list)
  if(flag MATCHES "^-I(.+)$")
    file(REAL_PATH "${CMAKE_MATCH_1}" include_dir)
  endif()
endforeach()
file(REAL_PATH "${PREFIX}/include" expected_include_dir)
if(NOT include_dir STREQUAL expected_include_dir)
  message(FATAL_ERROR "pkg-config --cflags smppd-sdk gives '${cflags}', not -I${PREFIX}/include")
endif()

execute_process(
  COMMAND "${C_COMPILER}" ${cflag_list} -std=c11 -Wall -Wextra -Wpedantic -Werror
          -Wstrict-prototypes -Wmissing-prototypes -Wundef -Wcast-qual
          -c "${SOURCE}" -o "${WORK_DIR}/pkg_config_consumer.o"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "compiling ${SOURCE} with `${cflags}` failed (${result})")
endif()
message(STATUS "compiled <smppd/plugin.h> with pkg-config --cflags smppd-sdk: ${cflags}")
