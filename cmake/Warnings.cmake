# Warnings are errors on our own code only; third-party headers are included as SYSTEM.
add_library(smppd_warnings INTERFACE)
target_compile_options(smppd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wformat=2 -Wimplicit-fallthrough
  -Wmissing-declarations -Wundef)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(smppd_warnings INTERFACE -Wduplicated-cond -Wlogical-op)
endif()
