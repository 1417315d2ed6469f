// The two live feeds' sources and what feeds them: the wallboard's feed says what the board
// emits (its snapshot, and each typed event rendered once), the console's feed says every
// committed change of a ticket. Rendering happens only while a client listens.
#pragma once

#include <string>

#include "app/ticket_service.hpp"
#include "app/wallboard.hpp"
#include "net/live_feed.hpp"

namespace aduan {

// The wallboard's snapshot (spec 5), and its local midnight.
class WallboardSource : public net::FeedSource {
  public:
    explicit WallboardSource(Wallboard& board) : board_(board) {}
    std::string snapshot_json() override;
    Instant next_rollover() override { return board_.next_rollover(); }

  private:
    Wallboard& board_;
};

// The console's feed (docs/console.md): its snapshot only says when; the frames are
// "ticket.changed" events.
class TicketsSource : public net::FeedSource {
  public:
    std::string snapshot_json() override;
};

// The board's changes go out on `feed`.
void publish_board(Wallboard& board, net::LiveFeed& feed);
// Every committed change of a ticket goes out on `feed` as a "ticket.changed" frame.
void publish_ticket_changes(TicketService& tickets, net::LiveFeed& feed);

}  // namespace aduan
