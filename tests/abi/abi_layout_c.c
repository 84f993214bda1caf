/* The layout pins compiled as C11, with -Wpadded: a public struct must spell out its padding as
 * reserved members, so that C, C++ and other compilers agree on every byte. */
#include "abi_layout_c.h"

#include "abi_layout_pins.h"

int smppd_abi_has_failures_c(void) { return smppd_pin_has_failures(); }
