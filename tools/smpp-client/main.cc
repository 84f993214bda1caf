// smpp-client: binds to an SMSC or proxy, sends one text (split or carried in message_payload when
// long), prints each submit_sm_resp and each receipt as it arrives.
//
//   smpp-client --system-id demo --password demo --from Shop --to 4915112345678 --text "Hi" --wait-receipts 10
//   smpp-client --system-id demo --password demo --listen-only 60
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <exception>

#include "tools/smpp-client/client_options.h"
#include "tools/smpp-client/client_run.h"

int main(int argc, char** argv) {
  namespace client = smppd::tools::client;
  const client::ClientParseResult parsed = client::parse_client_options(argc, argv);
  if (!parsed.help_text.empty()) {
    std::fputs(parsed.help_text.c_str(), stdout);
    return 0;
  }
  if (!parsed.options) {
    std::fprintf(stderr, "smpp-client: %s\n", parsed.error.c_str());
    return 2;
  }
  boost::asio::io_context context(1);
  client::ClientRun run(context.get_executor(), *parsed.options);
  int exit_code = 1;
  boost::asio::co_spawn(context, run.run(), [&exit_code](std::exception_ptr error, int code) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "smpp-client: %s\n", e.what());
      }
      return;
    }
    exit_code = code;
  });
  context.run();
  return exit_code;
}
