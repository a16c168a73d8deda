#include "crash_office.hpp"

namespace qmsd::crash {

OfficeConfig makeCrashOffice() {
    OfficeConfig c;
    c.sourcePath = "crash-office";
    c.office.name = "UBND Phường Thử Tải";
    for (auto& day : c.office.hours) {
        day = {Session{0, 24 * 60}};
    }
    c.office.cutoffMinutes = 0;
    c.office.issueEarlyMinutes = 0;
    c.office.maxRecalls = 2;
    c.office.priorityRule = PriorityRule::everyN;
    c.office.priorityEvery = 3;
    c.fields = {
        FieldConfig{"ho_tich", "Hộ tịch", "HO TICH", Numbering{"A", 1, 99999, 5}, 15, {}, {}, 0.8},
        FieldConfig{"dat_dai", "Đất đai", "DAT DAI", Numbering{"", 1001, 99999, 5}, 30, {}, {}, 0.8},
        FieldConfig{"chung_thuc", "Chứng thực", "CHUNG THUC", Numbering{"C", 1, 99999, 3}, 10, {},
                    {}, 0.8},
        FieldConfig{"tu_phap", "Tư pháp", "TU PHAP", Numbering{"D", 100, 99999, 4}, 20, {}, {}, 0.8},
    };
    c.counters = {
        CounterConfig{1, "Quầy 1", {"ho_tich", "chung_thuc"}},
        CounterConfig{2, "Quầy 2", {"chung_thuc", "ho_tich"}},
        CounterConfig{3, "Quầy 3", {"dat_dai"}},
        CounterConfig{4, "Quầy 4", {"tu_phap", "dat_dai"}},
        CounterConfig{5, "Quầy 5", {"ho_tich", "tu_phap", "chung_thuc"}},
    };
    c.staff = {
        StaffConfig{"nv01", "Nguyễn Thị Lan", "$argon2id$x", {"ho_tich", "chung_thuc"}},
        StaffConfig{"nv02", "Trần Văn Minh", "$argon2id$x", {"ho_tich", "chung_thuc", "tu_phap"}},
        StaffConfig{"nv03", "Lê Hoàng Nam", "$argon2id$x", {"dat_dai"}},
        StaffConfig{"nv04", "Phạm Thu Hà", "$argon2id$x", {"tu_phap", "dat_dai"}},
        StaffConfig{"nv05", "Võ Minh Tuấn", "$argon2id$x", {"chung_thuc"}},
        StaffConfig{"nv06", "Đỗ Thị Mai", "$argon2id$x",
                    {"ho_tich", "dat_dai", "chung_thuc", "tu_phap"}},
    };
    c.priorities = {PriorityClass{"elderly", "Người cao tuổi"},
                    PriorityClass{"disabled", "Người khuyết tật"}};
    c.pauseReasons = {PauseReason{"break", "Nghỉ giải lao"}, PauseReason{"meeting", "Họp"}};
    return c;
}

} // namespace qmsd::crash
