#include "service/feeds.hpp"

#include "wire/ticket_json.hpp"
#include "wire/wallboard_json.hpp"

namespace aduan {

std::string WallboardSource::snapshot_json() {
    return wire::render_snapshot(board_.snapshot());
}

std::string TicketsSource::snapshot_json() {
    return wire::render_tickets_hello(now_utc());
}

void publish_board(Wallboard& board, net::LiveFeed& feed) {
    board.watch([&feed](const std::vector<WallboardEvent>& events) {
        std::vector<std::string> frames;
        if (feed.listening()) {
            frames.reserve(events.size());
            for (const auto& e : events)
                frames.push_back(wire::render_event(e));
        }
        feed.publish(std::move(frames), true);
    });
}

void publish_ticket_changes(TicketService& tickets, net::LiveFeed& feed) {
    tickets.add_listener([&feed](const TicketChange& c) {
        if (feed.listening()) feed.publish({wire::render_ticket_changed(c)}, false);
    });
}

}  // namespace aduan
