//! What several test modules share.

/// `--set` for all six open parameters of notice 2021-7, so every amount is known.
pub const SET_ALL: [&str; 12] = [
    "--set",
    "第一条奖补=50万元",
    "--set",
    "第二条奖补=20万元",
    "--set",
    "第四条奖补=30万元",
    "--set",
    "第六条奖补=10万元",
    "--set",
    "第七条奖补=5万元",
    "--set",
    "第八条奖补=100000",
];
