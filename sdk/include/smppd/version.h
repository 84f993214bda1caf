/* smppd plugin ABI version. Plain C: third-party plugins include this header. */
#ifndef SMPPD_VERSION_H
#define SMPPD_VERSION_H

/* The ABI version is separate from the product version. A plugin loads when its major equals the
 * host's major and the minor it needs is not above the host's minor. Minor versions only append. */
#define SMPPD_ABI_VERSION_MAJOR 1
#define SMPPD_ABI_VERSION_MINOR 0

#endif /* SMPPD_VERSION_H */
