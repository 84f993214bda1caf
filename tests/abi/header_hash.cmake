# The header hash rule (docs/plugin-abi.md, "Versions"): the SHA-256 of the C ABI headers,
# sdk/include/smppd/*.h concatenated in byte order of their names (not cxx/ or any other
# subdirectory), must appear as a line `header-sha256: <hex>` under the changelog entry of the
# ABI version the headers declare (`## ABI <major>.<minor>` in docs/abi-changelog.md). A header
# change therefore cannot land without a changelog entry that names it. The same hash by hand:
#   cat $(ls sdk/include/smppd/*.h | LC_ALL=C sort) | sha256sum
#
#   cmake -DHEADER_DIR=<sdk/include/smppd> -DCHANGELOG=<docs/abi-changelog.md> -P header_hash.cmake
foreach(var HEADER_DIR CHANGELOG)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "header_hash.cmake: -D${var}=... is required")
  endif()
endforeach()

file(GLOB headers LIST_DIRECTORIES false "${HEADER_DIR}/*.h")
list(SORT headers)  # one directory, so sorting the paths sorts the names
if(NOT headers)
  message(FATAL_ERROR "header_hash.cmake: no headers in ${HEADER_DIR}")
endif()
set(all "")
set(names "")
foreach(header IN LISTS headers)
  file(READ "${header}" text)
  string(APPEND all "${text}")
  get_filename_component(name "${header}" NAME)
  list(APPEND names "${name}")
endforeach()
string(SHA256 digest "${all}")

file(STRINGS "${HEADER_DIR}/version.h" version_lines REGEX "^#define SMPPD_ABI_VERSION_(MAJOR|MINOR) ")
string(REGEX REPLACE ".*SMPPD_ABI_VERSION_MAJOR ([0-9]+).*" "\\1" major "${version_lines}")
string(REGEX REPLACE ".*SMPPD_ABI_VERSION_MINOR ([0-9]+).*" "\\1" minor "${version_lines}")
if(NOT major MATCHES "^[0-9]+$" OR NOT minor MATCHES "^[0-9]+$")
  message(FATAL_ERROR "header_hash.cmake: no SMPPD_ABI_VERSION_MAJOR/MINOR in ${HEADER_DIR}/version.h")
endif()
set(version "${major}.${minor}")

# The entry of this version: from its heading to the next `## ` heading.
set(problem "")
if(NOT EXISTS "${CHANGELOG}")
  set(problem "there is no ${CHANGELOG}")
else()
  file(READ "${CHANGELOG}" changelog)
  set(changelog "\n${changelog}\n")
  string(REGEX MATCH "\n## ABI ${major}\\.${minor}([ \t][^\n]*)?\n" heading "${changelog}")
  if(heading STREQUAL "")
    set(problem "docs/abi-changelog.md has no entry `## ABI ${version}`")
  else()
    string(FIND "${changelog}" "${heading}" start)
    string(LENGTH "${heading}" heading_length)
    math(EXPR body_start "${start} + ${heading_length}")
    string(SUBSTRING "${changelog}" ${body_start} -1 entry)
    string(FIND "${entry}" "\n## " next)
    if(next GREATER -1)
      string(SUBSTRING "${entry}" 0 ${next} entry)
    endif()
    string(REGEX MATCH "\nheader-sha256: ${digest}([ \t][^\n]*)?\n" found "\n${entry}")
    if(found STREQUAL "")
      set(problem "the entry `## ABI ${version}` in docs/abi-changelog.md has no line `header-sha256: ${digest}`")
    endif()
  endif()
endif()

if(problem)
  list(JOIN names " " name_list)
  message(FATAL_ERROR
    "The plugin ABI headers changed.\n"
    "SHA-256 of sdk/include/smppd/{${name_list}}:\n"
    "  ${digest}\n"
    "but ${problem}.\n"
    "What to do (docs/plugin-abi.md, \"Versions\"):\n"
    "  - A change to what plugins compile against (a type, a member, an entry, a constant): keep the\n"
    "    released layout, append only, bump SMPPD_ABI_VERSION_MINOR in sdk/include/smppd/version.h\n"
    "    (MAJOR for a break, which needs the lead's decision), and add an entry `## ABI <version>`\n"
    "    to docs/abi-changelog.md that says what changed, with the line\n"
    "      header-sha256: <the hash this test prints then>\n"
    "  - A change to comments only, or to an ABI version not yet released: add the line\n"
    "      header-sha256: ${digest}\n"
    "    under `## ABI ${version}` with a note of what changed (an unreleased entry keeps only its\n"
    "    newest hash).")
endif()
message(STATUS "ABI ${version} headers: header-sha256: ${digest}: in the changelog")
