// The child of the kill -9 test: writes forward and reverse id mappings through the embedded
// store as fast as it can, and says on stdout how many were acknowledged ("acked N", every 500),
// until it is killed. Acknowledged means the completion arrived: exactly what a client is told.
#include <signal.h>
#include <sys/prctl.h>

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "host/state/embedded_state_store.h"
#include "host/state/state_keys.h"

namespace {

namespace asio = boost::asio;
using namespace smppd::state;

constexpr uint64_t kWindow = 256;  // calls in flight, as a busy worker would have
constexpr uint64_t kReportEvery = 500;

class Writer {
 public:
  Writer(StateStore& store, asio::io_context& io) : store_(store), io_(io) {}

  void start() {
    for (uint64_t i = 0; i < kWindow; ++i) write_next();
  }

 private:
  void write_next() {
    const uint64_t index = next_++;
    const std::string id = std::to_string(index);
    std::vector<StateOp> ops;
    ops.push_back(op::Set{keys::id_map(id), "U" + id});
    ops.push_back(op::Set{keys::reverse_id("smsc", "U" + id), id});
    store_.execute(std::move(ops), io_.get_executor(), [this, index](BatchResult result) {
      if (!result.status.ok()) {
        std::fprintf(stderr, "write %llu failed: %s\n", static_cast<unsigned long long>(index),
                     result.status.to_string().c_str());
        std::fflush(stderr);
      } else {
        acknowledge(index);
      }
      write_next();
    });
  }

  // Reports the count of calls acknowledged without a gap from the first.
  void acknowledge(uint64_t index) {
    if (index >= done_.size()) done_.resize(index + 1, false);
    done_[index] = true;
    while (acked_ < done_.size() && done_[acked_]) ++acked_;
    if (acked_ >= reported_ + kReportEvery) {
      reported_ = acked_;
      std::printf("acked %llu\n", static_cast<unsigned long long>(acked_));
      std::fflush(stdout);
    }
  }

  StateStore& store_;
  asio::io_context& io_;
  uint64_t next_ = 0;
  uint64_t acked_ = 0;
  uint64_t reported_ = 0;
  std::vector<bool> done_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: smppd_state_writer <state directory>\n");
    return 2;
  }
  // Never outlive the test that started us.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  smppd::stats::StatsStore stats;
  EmbeddedStateStoreOptions options;
  options.path = argv[1];
  options.stats = &stats;
  EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(options));
  if (!opened.store) {
    std::fprintf(stderr, "%s\n", opened.error.c_str());
    return 1;
  }
  asio::io_context io;
  Writer writer(*opened.store, io);
  writer.start();
  io.run();
  return 0;
}
