/* The C11 side of the layout pins: the pins compile as C in abi_layout_c.c, and this reports
 * SMPPD_HAS as C evaluates it. */
#ifndef SMPPD_TESTS_ABI_LAYOUT_C_H
#define SMPPD_TESTS_ABI_LAYOUT_C_H

#ifdef __cplusplus
extern "C" {
#endif

/* smppd_pin_has_failures() compiled as C: 0 when SMPPD_HAS answers right. */
int smppd_abi_has_failures_c(void);

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_TESTS_ABI_LAYOUT_C_H */
