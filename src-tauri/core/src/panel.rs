//! The peer review panel: a chair and members from the partner agencies.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelMember {
    /// Stable id: reviews name their panel by it, and minute packs carry it.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    /// At most one member of a panel is the chair.
    #[serde(default)]
    pub chair: bool,
}

impl PanelMember {
    /// "Sarah Taylor, Business Manager" as the report and the overview name people.
    pub fn described(&self) -> String {
        [
            self.name.as_str(),
            self.role.as_str(),
            self.organisation.as_str(),
        ]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
    }
}
