// Counters carried from the old process to the new one: the growth since the last handover, never
// gauges, added to the new process's counters of the same name.
#include <gtest/gtest.h>

#include "host/restart/counter_handover.h"

namespace smppd::restart {
namespace {

TEST(CounterHandoverTest, EachHandoverCarriesTheGrowthSinceTheLastAndNoGauges) {
  stats::StatsStore parent;
  parent.counter("smppd.listener.smpp.downstream_cx_total").add(5);
  parent.gauge("smppd.listener.smpp.downstream_cx_active").set(3);
  parent.counter("smppd.unused_total");
  CounterHandover handover;
  EXPECT_EQ(handover.take_growth(parent), (std::vector<CounterValue>{{"smppd.listener.smpp.downstream_cx_total", 5}}));

  parent.counter("smppd.listener.smpp.downstream_cx_total").add(2);
  EXPECT_EQ(handover.take_growth(parent), (std::vector<CounterValue>{{"smppd.listener.smpp.downstream_cx_total", 2}}));
  EXPECT_TRUE(handover.take_growth(parent).empty());
}

TEST(CounterHandoverTest, TheChildAddsToItsOwnCountersAndSkipsANameItUsesForAGauge) {
  stats::StatsStore child;
  child.counter("smppd.listener.smpp.downstream_cx_total").add(1);
  child.gauge("smppd.was_a_counter");
  const size_t added = add_counters(child, {{"smppd.listener.smpp.downstream_cx_total", 5},
                                            {"smppd.plugin.only_in_the_parent_total", 9},
                                            {"smppd.was_a_counter", 4}});
  EXPECT_EQ(added, 2u);
  EXPECT_EQ(child.find("smppd.listener.smpp.downstream_cx_total")->get(), 6);
  EXPECT_EQ(child.find("smppd.plugin.only_in_the_parent_total")->get(), 9);
  EXPECT_EQ(child.find("smppd.was_a_counter")->get(), 0);
}

}  // namespace
}  // namespace smppd::restart
