//! Skills as the API shows them.

use youai_db::skills;
use youai_types::Skill;

pub fn skill(s: skills::Skill) -> Skill {
    Skill {
        id: s.id,
        code: s.code,
        name: s.name,
        name_en: s.name_en,
    }
}
