# smppd_sdk_add_plugin(<name> MANIFEST <manifest.toml> SOURCES <files...>
#                      [LIBRARIES <targets or libraries...>]
#                      [OUTPUT_DIR <dir>] [INSTALL_DESTINATION <dir>] [ALLOW_UNDEFINED])
#
# Builds the smppd plugin <name> as a loadable module (target <name>, file <name>.so) against the
# SDK, and writes <name>.toml beside it: the source manifest plus `file` (the library's name) and
# `sha256` (of the built bytes), which the host checks before dlopen.
#
#   MANIFEST             the plugin's manifest (name, version, ABI version, kinds); relative paths
#                        are read from the current source directory
#   SOURCES              the plugin's sources, C or C++
#   LIBRARIES            linked PRIVATE; link static libraries, never the smppd host
#   OUTPUT_DIR           where the .so and the .toml go (default: the current binary directory);
#                        point `smppd --plugin-dir` at it to try the plugin
#   INSTALL_DESTINATION  installs the .so and the .toml there, byte for byte (no RPATH rewrite,
#                        so the installed sha256 still matches)
#   ALLOW_UNDEFINED      drop --no-undefined (needed when a sanitizer runtime comes from the host)
#
# Only smppd_plugin_v<major> is exported: hidden visibility for the sources, and a linker version
# script for everything else (static libraries, template instantiations).
include_guard(GLOBAL)

function(smppd_sdk_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG
    "ALLOW_UNDEFINED" "MANIFEST;OUTPUT_DIR;INSTALL_DESTINATION" "SOURCES;LIBRARIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "smppd_sdk_add_plugin(${name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MANIFEST)
    message(FATAL_ERROR "smppd_sdk_add_plugin(${name}): MANIFEST is required")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "smppd_sdk_add_plugin(${name}): SOURCES is required")
  endif()
  get_filename_component(manifest "${ARG_MANIFEST}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${manifest}")
    message(FATAL_ERROR "smppd_sdk_add_plugin(${name}): no manifest at ${manifest}")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  # This file's directory holds the version script and WritePluginManifest.cmake.
  set(sdk_cmake_dir "${CMAKE_CURRENT_FUNCTION_LIST_DIR}")
  set(version_script "${sdk_cmake_dir}/smppd-plugin.map")

  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # A changed manifest relinks, so the written manifest follows it.
    LINK_DEPENDS "${version_script};${manifest}")
  target_link_libraries(${name} PRIVATE smppd::sdk ${ARG_LIBRARIES})
  target_link_options(${name} PRIVATE "LINKER:--version-script=${version_script}")
  # A plugin resolves nothing from the host: every host function comes through the host table.
  # Clang's sanitizers leave their runtime to the executable, so such builds need ALLOW_UNDEFINED.
  if(NOT ARG_ALLOW_UNDEFINED AND NOT "${CMAKE_C_FLAGS} ${CMAKE_CXX_FLAGS}" MATCHES "-fsanitize")
    target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  endif()

  set(manifest_out "$<TARGET_FILE_DIR:${name}>/${name}.toml")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND "${CMAKE_COMMAND}"
      "-DMANIFEST_IN=${manifest}"
      "-DLIBRARY=$<TARGET_FILE:${name}>"
      "-DMANIFEST_OUT=${manifest_out}"
      -P "${sdk_cmake_dir}/WritePluginManifest.cmake"
    COMMENT "Writing the manifest of smppd plugin ${name}"
    VERBATIM)
  set_property(TARGET ${name} APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${manifest_out}")

  if(ARG_INSTALL_DESTINATION)
    install(FILES "$<TARGET_FILE:${name}>" "${manifest_out}"
      DESTINATION "${ARG_INSTALL_DESTINATION}"
      PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()
endfunction()
