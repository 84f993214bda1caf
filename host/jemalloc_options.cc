// jemalloc's options for smppd, read by jemalloc at its first allocation (the MALLOC_CONF
// environment variable still overrides them). Built into smppd only when it links jemalloc.
//
// background_thread: a jemalloc thread gives unused pages back to the system on its own, so an
// idle smppd returns what a burst of traffic took. Without it pages are given back only while
// smppd allocates: 30 s after a burst of receipts smppd held 82-86 MiB without it and 34 MiB
// with it (97 MiB in one of four runs), at the same throughput (docs/benchmarks.md).
extern "C" {
// NOLINTNEXTLINE: the name and type jemalloc looks for.
const char* malloc_conf = "background_thread:true";
}
