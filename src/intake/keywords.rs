//! The words that suggest each right: data, not code.
//!
//! English patterns are whole words, case-insensitive, separated by single
//! spaces; a trailing `*` allows any ending ("delet*" finds "deletion" but
//! "copy" does not find "copyright", nor "access" "accessibility").
//! Punctuation and hyphens separate words, so "opt out" also finds "opt-out".
//! Chinese patterns are found anywhere (Chinese has no spaces); simplified
//! and traditional forms are both listed, since Big5 mail is traditional.
//!
//! Kept deliberately specific: a word that is common in ordinary mail
//! ("remove", "update", "stop") only counts inside a phrase.

use crate::domain::Right;

pub(super) const KEYWORDS: &[(Right, &[&str])] = &[
    (
        Right::Access,
        &[
            "access",
            "dsar",
            "right to know",
            "what data",
            "what personal",
            "which personal",
            "查阅",
            "查询",
            "调阅",
            "知情权",
            "查閱",
            "查詢",
            "調閱",
        ],
    ),
    (Right::Copy, &["copy", "copies", "副本", "复制", "拷贝", "複製"]),
    (
        Right::Portability,
        &[
            "portab*",
            "machine readable",
            "export*",
            "transfer my data",
            "transfer my personal",
            "transmit my data",
            "download my data",
            "可携带",
            "携带权",
            "转移",
            "导出",
            "可攜",
            "攜帶權",
            "轉移",
            "匯出",
            "導出",
        ],
    ),
    (
        Right::Rectification,
        &[
            "rectif*",
            "correct*",
            "incorrect*",
            "inaccura*",
            "amend*",
            "update my",
            "更正",
            "补充",
            "修正",
            "纠正",
            "補充",
            "糾正",
        ],
    ),
    (
        Right::Erasure,
        &[
            "delet*",
            "eras*",
            "be forgotten",
            "remove my data",
            "remove my personal",
            "remove all my",
            "删除",
            "清除",
            "销毁",
            "刪除",
            "銷毀",
        ],
    ),
    (
        Right::WithdrawConsent,
        &[
            "withdraw consent",
            "withdraw my consent",
            "withdrawing my consent",
            "withdrawal of consent",
            "withdrawal of my consent",
            "revoke consent",
            "revoke my consent",
            "no longer consent",
            "撤回",
            "撤销同意",
            "撤销授权",
            "取消授权",
            "撤銷同意",
            "撤銷授權",
            "取消授權",
        ],
    ),
    (
        Right::AccountCancellation,
        &[
            "cancel* my account",
            "cancel* account",
            "clos* my account",
            "delet* my account",
            "deactivat* my account",
            "terminat* my account",
            "account cancel*",
            "account clos*",
            "account delet*",
            "account deactivat*",
            "注销",
            "销户",
            "关闭账户",
            "关闭账号",
            "註銷",
            "銷戶",
            "關閉帳戶",
            "關閉帳號",
        ],
    ),
    (
        Right::Objection,
        &[
            "object",
            "objecting",
            "objection*",
            "opt out",
            "opting out",
            "do not sell",
            "do not share",
            "stop processing",
            "stop using my",
            "stop sending",
            "unsubscrib*",
            "反对",
            "拒绝",
            "退订",
            "不再接收",
            "停止推送",
            "关闭个性化",
            "反對",
            "拒絕",
            "退訂",
        ],
    ),
    (
        Right::AutomatedDecision,
        &[
            "automat* decision*",
            "automated processing",
            "solely automated",
            "profiling",
            "algorithm*",
            "human review",
            "human intervention",
            "自动化决策",
            "自动决策",
            "算法",
            "解释",
            "自動化決策",
            "自動決策",
            "演算法",
            "解釋",
        ],
    ),
    (
        Right::Complaint,
        &[
            "complain*",
            "supervisory authority",
            "data protection authority",
            "regulator",
            "ombudsman",
            "投诉",
            "举报",
            "申诉",
            "网信办",
            "投訴",
            "舉報",
            "申訴",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::KEYWORDS;
    use crate::domain::Right;

    #[test]
    fn every_right_has_english_and_chinese_keywords() {
        for right in Right::ALL {
            let words = KEYWORDS.iter().find(|(r, _)| r == right).map(|(_, w)| *w).unwrap_or_default();
            assert!(words.iter().any(|w| w.is_ascii()), "{right} has no English keyword");
            assert!(words.iter().any(|w| !w.is_ascii()), "{right} has no Chinese keyword");
        }
    }

    #[test]
    fn english_patterns_are_lower_case_words_with_at_most_a_final_star() {
        for (right, words) in KEYWORDS {
            for w in words.iter().filter(|w| w.is_ascii()) {
                for part in w.split(' ') {
                    let stem = part.strip_suffix('*').unwrap_or(part);
                    assert!(
                        !stem.is_empty() && stem.chars().all(|c| c.is_ascii_lowercase()),
                        "{right}: bad pattern {w:?}"
                    );
                }
            }
        }
    }
}
