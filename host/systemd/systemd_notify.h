#pragma once

#include <string_view>

// smppd as a systemd Type=notify service (packaging/systemd/smppd.service, docs/operations.md).
// Each function sends one sd_notify(3) message to the socket systemd names in NOTIFY_SOCKET, and
// does nothing when that is unset (run by hand, in a container, in tests). They return true when
// the message went out. Safe from any thread; none of them blocks for long (a datagram).
namespace smppd::systemd {

// READY=1: the listeners accept. Also ends a reload (after notify_reloading) and tells systemd
// the start succeeded, so it is sent once warming is done, not at process start.
bool notify_ready();

// RELOADING=1 with MONOTONIC_USEC=<now>: a reload (SIGHUP, POST /reload) has begun. systemd 253+
// wants the timestamp to match the reload to its ExecReload; older ones ignore it. Send
// notify_ready() when the reload ends, whether it succeeded or not.
bool notify_reloading();

// STOPPING=1: draining for shutdown has begun (SIGTERM, POST /quitquitquit).
bool notify_stopping();

// STATUS=<text>: one line shown by `systemctl status`. Line breaks become spaces.
bool notify_status(std::string_view text);

}  // namespace smppd::systemd
