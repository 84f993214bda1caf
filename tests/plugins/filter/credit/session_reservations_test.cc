// The per-session bookkeeping that makes exactly one hook or callback settle each reservation,
// whichever order the store's answer, the resume, on_cancel and on_complete come in.
#include "plugins/filter/credit/session_reservations.h"

#include <gtest/gtest.h>

namespace smppd::plugins::credit {
namespace {

Reservation reservation(uint64_t token) { return Reservation{"r" + std::to_string(token), "acme", 10, token}; }

TEST(SessionReservationsTest, ReservedThenCompletedIsSettledOnce) {
  SessionReservations session;
  session.begin(reservation(1));
  EXPECT_EQ(session.reserved(1), SessionReservations::Reserved::keep);
  ASSERT_TRUE(session.complete("r1"));
  EXPECT_FALSE(session.complete("r1"));
  EXPECT_FALSE(session.cancel(1));
  EXPECT_EQ(session.open(), 0u);
}

TEST(SessionReservationsTest, CancelledWhileReservingIsRefundedByTheAnswer) {
  SessionReservations session;
  session.begin(reservation(1));
  EXPECT_FALSE(session.cancel(1)) << "marked: the answer refunds it";
  EXPECT_EQ(session.reserved(1), SessionReservations::Reserved::refund);
  EXPECT_FALSE(session.resume_failed(1));
  EXPECT_FALSE(session.complete("r1"));
  EXPECT_EQ(session.open(), 0u);
}

// The answer marked it reserved, then the deadline cancelled the call before the resume got
// through: on_cancel and the failed resume race; exactly one of them gets it.
TEST(SessionReservationsTest, CancelAndAFailedResumeSettleItOnceInEitherOrder) {
  SessionReservations first_cancel;
  first_cancel.begin(reservation(1));
  ASSERT_EQ(first_cancel.reserved(1), SessionReservations::Reserved::keep);
  EXPECT_TRUE(first_cancel.cancel(1));
  EXPECT_FALSE(first_cancel.resume_failed(1));

  SessionReservations first_resume;
  first_resume.begin(reservation(2));
  ASSERT_EQ(first_resume.reserved(2), SessionReservations::Reserved::keep);
  EXPECT_TRUE(first_resume.resume_failed(2));
  EXPECT_FALSE(first_resume.cancel(2));
  EXPECT_FALSE(first_resume.complete("r2"));
}

TEST(SessionReservationsTest, AForgottenReservationOwesNothing) {
  SessionReservations session;
  session.begin(reservation(1));
  session.forget(1);
  EXPECT_FALSE(session.cancel(1));
  EXPECT_EQ(session.reserved(1), SessionReservations::Reserved::refund);
  EXPECT_EQ(session.open(), 0u);
}

// A grant's charge, made without a pause: held at once and settled once, by on_complete.
TEST(SessionReservationsTest, AHeldReservationIsSettledOnce) {
  SessionReservations session;
  session.hold(reservation(1));
  EXPECT_EQ(session.open(), 1u);
  ASSERT_TRUE(session.complete("r1"));
  EXPECT_FALSE(session.complete("r1"));
  EXPECT_FALSE(session.cancel(1));
  EXPECT_EQ(session.open(), 0u);
}

}  // namespace
}  // namespace smppd::plugins::credit
