# ASan + UBSan for the whole build (our code and the tests), never for release packages.
option(SMPPD_UBSAN_POINTER_CHECKS
  "With SMPPD_SANITIZE, also UBSan's per-pointer checks (null, alignment, vptr, object-size, pointer-overflow)" ON)
if(SMPPD_SANITIZE)
  set(smppd_sanitizers -fsanitize=address,undefined)
  if(NOT SMPPD_UBSAN_POINTER_CHECKS)
    # These checks instrument every dereference and make g++ take half again as long on our
    # Asio-heavy files. ASan already stops on null and out-of-object accesses, and the fuzz
    # build keeps the full UBSan set on every parser, so CI's g++ build leaves them out.
    list(APPEND smppd_sanitizers
      -fno-sanitize=null,alignment,vptr,object-size,pointer-overflow,nonnull-attribute,returns-nonnull-attribute)
  endif()
  add_compile_options(${smppd_sanitizers} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(${smppd_sanitizers})
endif()
