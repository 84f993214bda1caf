# Installs the "sdk" component of a build into a fresh prefix, as a vendor's -dev package would,
# and checks what landed: the headers exactly as in sdk/include (the cxx/ wrapper included), the
# CMake package and the pkg-config file, and no smppd executable.
#
#   cmake -DBUILD_DIR=<build> -DPREFIX=<dir> -DSOURCE_INCLUDE_DIR=<sdk/include>
#         -DCMAKE_PACKAGE_DIR=<relative> -DPKGCONFIG_DIR=<relative> -P sdk_install.cmake
foreach(var BUILD_DIR PREFIX SOURCE_INCLUDE_DIR CMAKE_PACKAGE_DIR PKGCONFIG_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "sdk_install.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --component sdk --prefix "${PREFIX}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install --component sdk failed (${result})")
endif()

set(failures "")
# Every header of the source tree, byte for byte, and nothing else under include/smppd.
file(GLOB_RECURSE source_headers LIST_DIRECTORIES false RELATIVE "${SOURCE_INCLUDE_DIR}" "${SOURCE_INCLUDE_DIR}/smppd/*")
file(GLOB_RECURSE installed_headers LIST_DIRECTORIES false RELATIVE "${PREFIX}/include" "${PREFIX}/include/smppd/*")
list(SORT source_headers)
list(SORT installed_headers)
if(NOT source_headers STREQUAL installed_headers)
  list(APPEND failures "include/smppd differs from sdk/include/smppd:\n    installed: ${installed_headers}\n    source:    ${source_headers}")
endif()
foreach(header IN LISTS source_headers)
  if(EXISTS "${PREFIX}/include/${header}")
    file(SHA256 "${SOURCE_INCLUDE_DIR}/${header}" source_digest)
    file(SHA256 "${PREFIX}/include/${header}" installed_digest)
    if(NOT source_digest STREQUAL installed_digest)
      list(APPEND failures "include/${header} differs from the source")
    endif()
  endif()
endforeach()

foreach(file
    "${CMAKE_PACKAGE_DIR}/smppd-sdk-config.cmake"
    "${CMAKE_PACKAGE_DIR}/smppd-sdk-config-version.cmake"
    "${CMAKE_PACKAGE_DIR}/smppd-sdk-targets.cmake"
    "${CMAKE_PACKAGE_DIR}/SmppdSdkAddPlugin.cmake"
    "${CMAKE_PACKAGE_DIR}/WritePluginManifest.cmake"
    "${CMAKE_PACKAGE_DIR}/smppd-plugin.map"
    "${PKGCONFIG_DIR}/smppd-sdk.pc")
  if(NOT EXISTS "${PREFIX}/${file}")
    list(APPEND failures "missing ${file}")
  endif()
endforeach()

# The component is the SDK only: no programs.
file(GLOB programs "${PREFIX}/bin/*" "${PREFIX}/sbin/*")
if(programs)
  list(APPEND failures "the sdk component installed programs: ${programs}")
endif()

if(failures)
  list(JOIN failures "\n  " report)
  message(FATAL_ERROR "the installed SDK is wrong:\n  ${report}")
endif()
list(LENGTH installed_headers count)
message(STATUS "SDK installed: ${count} headers, CMake package, pkg-config file")
