// The list of top-level config sections: the order they are named in "known:"
// messages and checked in. A new section: its config_section_*.cpp file and
// one line here.
#include "config/config_section.hpp"

namespace qmsd::config_detail {

extern const ConfigSection daemonSection, officeSection, apiSection, displaySection, analyticsSection, voiceSection,
    clientSection, busSection, deviceSection, printingSection, printerSection, prioritySection, pauseReasonSection,
    fieldSection, counterSection, staffSection, ratingSection, ratingQuestionSection, upstreamSection, messagesSection, bookingSection, demoSection;

std::span<const ConfigSection* const> configSections() {
    static const ConfigSection* const order[] = {
        &daemonSection,  &officeSection,   &apiSection,      &displaySection,  &analyticsSection, &voiceSection,
        &clientSection,  &busSection,      &deviceSection,   &printingSection, &printerSection,   &prioritySection,
        &pauseReasonSection, &fieldSection, &counterSection, &staffSection, &ratingSection, &ratingQuestionSection, &upstreamSection, &messagesSection, &bookingSection, &demoSection,
    };
    return order;
}

} // namespace qmsd::config_detail
