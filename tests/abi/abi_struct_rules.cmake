# Checks the struct rules of the plugin ABI by reading the headers themselves, so a struct or
# member added later cannot slip past them:
#   CHECK=struct_size_first  every struct in sdk/include/smppd/*.h starts with uint32_t
#                            struct_size, except the frozen {ptr,len} views
#   CHECK=pins_complete      every struct has a size pin and every member an offset pin in
#                            abi_layout_pins.h (and a struct_size pin where it has struct_size)
#
#   cmake -DHEADER_DIR=<sdk/include/smppd> -DPINS=<abi_layout_pins.h> -DCHECK=<...> -P abi_struct_rules.cmake

# Passed by value everywhere and frozen in ABI 1.0: they can never grow, so they carry no size.
# smppd_state_bytes is the state store's {ptr,len} view; smppd_state_item an {id, bytes} pair
# in arrays indexed by its C type.
set(frozen_value_types smppd_host_view smppd_plugin_view smppd_state_bytes smppd_state_item)

foreach(var HEADER_DIR PINS CHECK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "abi_struct_rules.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT CHECK MATCHES "^(struct_size_first|pins_complete)$")
  message(FATAL_ERROR "abi_struct_rules.cmake: unknown CHECK=${CHECK}")
endif()

file(READ "${PINS}" pins)
file(GLOB headers LIST_DIRECTORIES false "${HEADER_DIR}/*.h")
list(SORT headers)

set(failures "")
set(struct_count 0)
set(member_count 0)
set(space "[ \t\r\n]*")
foreach(header IN LISTS headers)
  get_filename_component(header_name "${header}" NAME)
  file(READ "${header}" text)
  # Comments out; ';' and brackets made inert for CMake's lists.
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " text "${text}")
  string(REGEX REPLACE "//[^\n]*" " " text "${text}")
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<lbracket>" text "${text}")
  string(REPLACE "]" "<rbracket>" text "${text}")
  string(REGEX MATCHALL "struct${space}[A-Za-z0-9_]+${space}{[^}]*}" structs "${text}")
  foreach(struct IN LISTS structs)
    string(REGEX REPLACE "^struct${space}([A-Za-z0-9_]+).*" "\\1" name "${struct}")
    string(REGEX REPLACE "^[^{]*{([^}]*)}$" "\\1" body "${struct}")
    string(REPLACE "<semicolon>" ";" declarations "${body}")
    math(EXPR struct_count "${struct_count} + 1")

    set(first "")
    set(has_struct_size FALSE)
    foreach(declaration IN LISTS declarations)
      string(REGEX REPLACE "[ \t\r\n]+" " " declaration "${declaration}")
      string(STRIP "${declaration}" declaration)
      if(declaration STREQUAL "")
        continue()
      endif()
      if(declaration MATCHES "\\(${space}\\*${space}([A-Za-z0-9_]+)${space}\\)")
        set(member "${CMAKE_MATCH_1}")  # a function pointer
      elseif(declaration MATCHES ",")
        list(APPEND failures "${header_name}: ${name}: declare one member per line: ${declaration}")
        continue()
      else()
        string(REGEX REPLACE "(<lbracket>[^<]*<rbracket>)+$" "" plain "${declaration}")
        string(REGEX REPLACE "^.*[^A-Za-z0-9_]([A-Za-z0-9_]+)$" "\\1" member "${plain}")
      endif()
      math(EXPR member_count "${member_count} + 1")
      if(first STREQUAL "")
        set(first "${declaration}")
      endif()
      if(member STREQUAL "struct_size")
        set(has_struct_size TRUE)
      endif()
      if(CHECK STREQUAL "pins_complete" AND
         NOT pins MATCHES "SMPPD_PIN_OFFSET\\(${space}${name}${space},${space}${member}${space},")
        list(APPEND failures "${header_name}: no SMPPD_PIN_OFFSET(${name}, ${member}, <offset>)")
      endif()
    endforeach()

    if(CHECK STREQUAL "struct_size_first")
      list(FIND frozen_value_types "${name}" frozen)
      if(frozen EQUAL -1 AND NOT first STREQUAL "uint32_t struct_size")
        list(APPEND failures
          "${header_name}: ${name} starts with `${first}`, not `uint32_t struct_size` (ABI.md: every table and every struct that crosses the boundary starts with its size)")
      endif()
    else()
      if(NOT pins MATCHES "SMPPD_PIN_SIZE\\(${space}${name}${space},")
        list(APPEND failures "${header_name}: no SMPPD_PIN_SIZE(${name}, <size>)")
      endif()
      if(has_struct_size AND NOT pins MATCHES "SMPPD_PIN_STRUCT_SIZE_FIRST\\(${space}${name}${space}\\)")
        list(APPEND failures "${header_name}: no SMPPD_PIN_STRUCT_SIZE_FIRST(${name})")
      endif()
    endif()
  endforeach()
endforeach()

if(struct_count EQUAL 0)
  list(APPEND failures "found no struct in ${HEADER_DIR}/*.h: the header reader is broken")
endif()
if(failures)
  list(JOIN failures "\n  " report)
  if(CHECK STREQUAL "pins_complete")
    string(APPEND report
      "\nPin each new struct and member in tests/abi/abi_layout_pins.h with its x86_64 Linux size and offset.")
  endif()
  message(FATAL_ERROR "${CHECK}: ${report}")
endif()
message(STATUS "${CHECK}: ${struct_count} structs, ${member_count} members: ok")
