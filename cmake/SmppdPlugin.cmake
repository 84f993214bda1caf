# smppd_add_plugin(<name> MANIFEST <manifest.toml> SOURCES <files...> [LIBRARIES <targets...>])
#
# Builds plugins/<kind>/<name> as a loadable module against the SDK only, with only the entry
# symbol exported, and writes it with its manifest (the source manifest plus the file name and
# the sha256 of the built bytes) into the build's plugin dir, ${SMPPD_PLUGIN_OUTPUT_DIR}: the
# directory `smppd --plugin-dir` is pointed at.
set(SMPPD_PLUGIN_OUTPUT_DIR "${PROJECT_BINARY_DIR}/plugins")
set(SMPPD_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(smppd_add_plugin name)
  cmake_parse_arguments(ARG "" "MANIFEST;OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_MANIFEST)
    message(FATAL_ERROR "smppd_add_plugin(${name}): MANIFEST is required")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${SMPPD_PLUGIN_OUTPUT_DIR}")
  endif()
  set(target smppd_plugin_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "smppd_${name}"  # libsmppd_<name>.so
    LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${target} PRIVATE smppd::sdk_headers smppd_warnings ${ARG_LIBRARIES})
  if(NOT SMPPD_SANITIZE)
    # A plugin resolves nothing from the host: every host function comes through the table.
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  # -fvisibility=hidden leaves std:: and boost:: instantiations exported (their headers mark them
  # visible); the SDK's version script keeps smppd_plugin_v1 the only dynamic symbol, so nothing
  # of a plugin can interpose on the host's or another plugin's copies.
  set(version_script "${PROJECT_BINARY_DIR}/sdk/smppd-plugin.map")
  target_link_options(${target} PRIVATE "LINKER:--version-script=${version_script}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${version_script}")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND}
      -DMANIFEST_IN=${ARG_MANIFEST}
      -DLIBRARY=$<TARGET_FILE:${target}>
      -DMANIFEST_OUT=${ARG_OUTPUT_DIR}/${name}.toml
      -P ${SMPPD_CMAKE_DIR}/WritePluginManifest.cmake
    VERBATIM)
  set_property(TARGET ${target} APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${ARG_OUTPUT_DIR}/${name}.toml")
endfunction()

# smppd_manifest_version(<out_var> <manifest.toml>): the manifest's `version = "x.y.z"`, which the
# plugin's descriptor must carry too (pass it to the sources as a compile definition). Re-runs
# CMake when the manifest changes.
function(smppd_manifest_version out_var manifest)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(STRINGS ${manifest} version_line REGEX "^version[ \t]*=")
  string(REGEX REPLACE "^version[ \t]*=[ \t]*\"([^\"]+)\".*$" "\\1" version "${version_line}")
  if(NOT version MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+")
    message(FATAL_ERROR "${manifest}: no version = \"x.y.z\" line")
  endif()
  set(${out_var} "${version}" PARENT_SCOPE)
endfunction()
