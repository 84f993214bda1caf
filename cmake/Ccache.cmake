# Use ccache when it is installed: rebuilds on CI and after branch switches are mostly cache hits.
find_program(SMPPD_CCACHE ccache)
if(SMPPD_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER "${SMPPD_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${SMPPD_CCACHE}")
endif()
