# 长府办明电〔2021〕7号 (Changchun, 2021) in Rego: the nine clauses and the take-highest group of
# policies/changchun-2021-7.policy, with jiangbu's three-valued semantics.
#
# input: one enterprise record, English keys (peers/src/record.rs):
#   a number, true/false, a date as "YYYY-MM-DD", or a word;
#   null          a required field left blank, or a malformed cell: unknown;
#   key left out  an optional field (project_date, project_output) left blank: absent.
# data.params: the six amounts p1 … p8 (第一条奖补 … 第八条奖补); null would be 待定.
#
# Truth values are the strings "true", "false" and "unknown".
# Entry point: data.changchun.result.

package changchun

# --- Three-valued building blocks --------------------------------------------------------------

# A yes/no field.
holds(v) := "unknown" if v == null
else := "true" if v == true
else := "false"

# `v 不低于 limit` / `v 达到 limit 以上` (numbers, or ISO dates compared as strings).
at_least(v, limit) := "unknown" if v == null
else := "true" if v >= limit
else := "false"

# `v 属于 { … }`
one_of(v, words) := "unknown" if v == null
else := "true" if v in words
else := "false"

# `v 不属于 { … }`
none_of(v, words) := "unknown" if v == null
else := "false" if v in words
else := "true"

# `全部 { … }` (Kleene): false if one is false, else unknown if one is unknown, else true.
all_of(ts) := "false" if "false" in ts
else := "unknown" if "unknown" in ts
else := "true"

# --- Definitions ---------------------------------------------------------------------------------

# 定义 净增产值 = 一季度产值2021 - 一季度产值2019
net := input.o2021 - input.o2019 if {
	input.o2021 != null
	input.o2019 != null
} else := null

# 定义 增长率 = 净增产值 ÷ 一季度产值2019: unknown over a zero base.
growth := null if {
	net == null
} else := null if {
	input.o2019 == 0
} else := net / input.o2019

# --- Clauses -------------------------------------------------------------------------------------

# 第一条 增产扩能奖补: 净增产值 达到 2000万元 以上, 增长率 达到 6% 以上
c1 := all_of([at_least(net, 20000000), at_least(growth, 0.06)])

# 第二条 连续生产奖补: 一季度产值2021 不低于 5000万元, 增长率 达到 6% 以上
c2 := all_of([at_least(input.o2021, 50000000), at_least(growth, 0.06)])

# 第三条 稳岗留工补贴: 春节连续生产, 一季度产值2021 不低于 5000万元, 增长率 达到 6% 以上
c3 := all_of([holds(input.continuous), at_least(input.o2021, 50000000), at_least(growth, 0.06)])

# 第三条 职业培训补贴 (service): 组织职工培训
c3_training := holds(input.training)

# 第四条 项目投产达效奖补: 项目竣工日期 不低于 2020-01-01, 项目一季度产值 达到 1000万元 以上.
# An absent optional field leaves the comparison's body undefined: the default, false, holds.
default since_2020 := "false"

since_2020 := at_least(input.project_date, "2020-01-01")

default project_1000 := "false"

project_1000 := at_least(input.project_output, 10000000)

c4 := all_of([since_2020, project_1000])

# 第五条 银企对接 (service): 融资需求
c5 := holds(input.financing)

# 第六条 入规升级支持: 新升规
c6 := holds(input.newly)

# 第七条 要素保供支持: 保供类型 不属于 { 无 } 且 保供突出
c7 := all_of([none_of(input.supply, {"无"}), holds(input.supply_outstanding)])

# 第七条 应急用煤优先 (service): 热电联产 且 用煤短缺
c7_coal := all_of([holds(input.chp), holds(input.coal_short)])

# 第八条 双停脱困支持: 停产半停产, 脱困方式 属于 { 升级改造 资产重组 债务重组 }, 净增产值 达到 1000万元 以上
c8 := all_of([
	holds(input.stopped),
	one_of(input.recovery, {"升级改造", "资产重组", "债务重组"}),
	at_least(net, 10000000),
])

# 第九条 包保服务 (service, unconditional) and 走访慰问 (service): 重点企业
c9_service := "true"

c9_visit := holds(input.key_enterprise)

# --- Amounts -------------------------------------------------------------------------------------

# 300元 × 省外户籍员工数，最高 30万元 (a whole number of yuan: rounding to the fen changes nothing).
c3_amount := null if {
	input.people == null
} else := min([300 * input.people, 300000])

status := {"true": "eligible", "false": "ineligible", "unknown": "undetermined"}

# The amount of an eligible subsidy; null otherwise (or when it cannot be computed).
paid(t, amount) := amount if {
	t == "true"
} else := null

benefit(clause, name, t, amount) := {
	"clause": clause,
	"name": name,
	"status": status[t],
	"amount": paid(t, amount),
}

benefits := [
	benefit("第一条", "增产扩能奖补", c1, data.params.p1),
	benefit("第二条", "连续生产奖补", c2, data.params.p2),
	benefit("第三条", "稳岗留工补贴", c3, c3_amount),
	benefit("第三条", "职业培训补贴", c3_training, null),
	benefit("第四条", "项目投产达效奖补", c4, data.params.p4),
	benefit("第五条", "银企对接", c5, null),
	benefit("第六条", "入规升级支持", c6, data.params.p6),
	benefit("第七条", "要素保供支持", c7, data.params.p7),
	benefit("第七条", "应急用煤优先", c7_coal, null),
	benefit("第八条", "双停脱困支持", c8, data.params.p8),
	benefit("第九条", "包保服务", c9_service, null),
	benefit("第九条", "走访慰问", c9_visit, null),
]

# --- 不可兼得 奖补资金 { 成员 第一条 第二条 第三条 第四条 第六条 第七条 第八条  就高 } ----------------

members := [benefits[0], benefits[1], benefits[2], benefits[4], benefits[6], benefits[7], benefits[9]]

eligible := [m | some m in members; m.status == "eligible"]

# Some member is undetermined: completing the data may change the award.
default provisional := false

provisional if {
	some m in members
	m.status == "undetermined"
}

amounts_known if {
	every m in eligible {
		m.amount != null
	}
}

# The highest known amount; ties go to the earlier member.
top := max([m.amount | some m in eligible])

winner := eligible[min([i | some i, m in eligible; m.amount == top])]

award := {"status": "none"} if count(eligible) == 0

award := {"status": "awarded", "clause": eligible[0].clause, "amount": eligible[0].amount} if {
	count(eligible) == 1
}

award := {"status": "awarded", "clause": winner.clause, "amount": winner.amount} if {
	count(eligible) > 1
	amounts_known
}

award := {"status": "pending"} if {
	count(eligible) > 1
	not amounts_known
}

result := {"benefits": benefits, "award": award, "provisional": provisional}
