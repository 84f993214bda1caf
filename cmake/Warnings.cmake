# Warnings are errors on our own code only; third-party headers are included as SYSTEM.
add_library(smppd_warnings INTERFACE)
target_compile_options(smppd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wcast-qual -Wformat=2 -Wimplicit-fallthrough -Wundef
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wmissing-declarations>
  $<$<COMPILE_LANGUAGE:C>:-Wmissing-prototypes -Wstrict-prototypes>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # -Wrestrict: g++ 12 at -O2/-O3 reports std::string insert/append as overlapping memcpy, a false
  # positive (GCC bug 105651) that would fail Release builds; clang keeps its own checks.
  target_compile_options(smppd_warnings INTERFACE -Wduplicated-cond -Wlogical-op -Wno-restrict)
endif()
