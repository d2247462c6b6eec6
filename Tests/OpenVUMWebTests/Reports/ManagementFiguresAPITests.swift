import Foundation
import OpenVUMDomain
import OpenVUMSeeding
import OpenVUMStore
@testable import OpenVUMWeb
import OpenVUMTestSupport
import SQLKit
import Testing
import VaporTesting

/// `GET /api/v1/figures`: themes 1 and 3 and the meta figures of a generated history, checked against figures.md's
/// definitions written out again here over the file's events alone (not by the code under test).
@Suite("Management figures (t1.*, t3.*, meta.*) through the API")
struct ManagementFiguresAPITests {
    typealias Event = [String: Any]

    // MARK: The file, read as figures.md reads it

    static func date(_ any: Any?) -> CalendarDate? { (any as? String).flatMap(CalendarDate.init) }
    /// An FFB code as the file writes it: `{"code": …}` or the bare code.
    static func code(_ any: Any?) -> String? { (any as? [String: Any])?["code"] as? String ?? any as? String }
    static func hundredths(_ any: Any?) -> Int? { (any as? NSNumber).map { Int((Decimal(string: $0.stringValue)! * 100).description)! } }
    static func month(_ d: CalendarDate) -> String { String(d.description.prefix(7)) }
    static func quarter(_ m: String) -> String { "\(m.prefix(4))-Q\((Int(m.suffix(2))! - 1) / 3 + 1)" }
    static func months(from: String, through: String) -> [String] {
        var (y, m) = (Int(from.prefix(4))!, Int(from.suffix(2))!), out: [String] = []
        while String(format: "%04d-%02d", y, m) <= through { out.append(String(format: "%04d-%02d", y, m)); m += 1; if m == 13 { m = 1; y += 1 } }
        return out
    }
    static func lastDay(_ m: String) -> CalendarDate { CalendarDate(m + "-01")!.adding(months: 1).adding(days: -1) }

    struct Case {
        var citizen: String, cpr: String, events: [Event]
        var opened: CalendarDate { date(events[0]["date"])! }
        var closed: CalendarDate? { events.last { $0["type"] as? String == "case_closed" }.flatMap { date($0["date"]) } }
        func of(_ type: String) -> [Event] { events.filter { $0["type"] as? String == type } }
        func isOpen(_ d: CalendarDate) -> Bool { opened <= d && !(closed.map { $0 <= d } ?? false) }
        /// G2.
        func caseworker(_ d: CalendarDate) -> String? {
            events.last { ["case_opened", "caseworker_assigned"].contains($0["type"] as? String) && date($0["date"])! <= d }?["caseworkerId"] as? String
        }
        /// G9.
        func phase(_ d: CalendarDate) -> String {
            let map = ["case_opened": "opening", "investigation_started": "investigation", "assessment_started": "assessment", "recommendation": "assessment",
                       "decision": "decision", "order": "order", "delivery_started": "delivery", "follow_up": "follow_up", "case_closed": "closed"]
            return events.last { map[$0["type"] as? String ?? ""] != nil && date($0["date"])! <= d }.flatMap { map[$0["type"] as! String] } ?? "opening"
        }
        func first(_ type: String) -> CalendarDate? { of(type).first.flatMap { date($0["date"]) } }
    }

    /// G6 in integers: hundredths of a/b, halves away from zero (non-negative values).
    static func h(_ a: Int, _ b: Int) -> Int { (2 * a * 100 + b) / (2 * b) }
    /// G7 statistics, with means and medians in hundredths.
    static func stats(_ days: [Int], deadline: Int?) -> [String: Any] {
        let s = days.sorted()
        var o: [String: Any] = ["count": s.count]
        o["median"] = s.isEmpty ? NSNull() : Double(s.count % 2 == 1 ? s[s.count / 2] * 100 : (s[s.count / 2 - 1] + s[s.count / 2]) * 50) / 100 as Any
        o["mean"] = s.isEmpty ? NSNull() : Double(h(s.reduce(0, +), s.count)) / 100 as Any
        if let deadline {
            let within = s.filter { $0 <= deadline }.count
            o["deadlineDays"] = deadline
            o["withinDeadline"] = within
            o["shareWithinDeadline"] = s.isEmpty ? NSNull() : Double((2 * within * 10_000 + s.count) / (2 * s.count)) / 10_000 as Any
        }
        return o
    }

    /// Every figure of themes 1 and 3 and meta at R, with the file's keys.
    static func expected(_ json: [String: Any], r: CalendarDate, display: (String) -> String?) -> [String: Any] {
        let municipality = json["municipality"] as! [String: Any]
        let own = municipality["code"] as! String
        let teamOf = Dictionary(uniqueKeysWithValues: (municipality["caseworkers"] as! [[String: Any]]).map { ($0["id"] as! String, $0["teamId"] as? String ?? $0["team"] as! String) })
        let teams = (municipality["teams"] as! [[String: Any]]).map { $0["id"] as! String }
        let deadlines = (municipality["settings"] as! [String: Any])["deadlinesDays"] as! [String: Int]
        let cases: [Case] = (json["citizens"] as! [[String: Any]]).compactMap { c in
            let evs = ((c["case"] as! [String: Any])["events"] as! [Event]).filter { date($0["date"])! <= r }
            return evs.isEmpty ? nil : Case(citizen: c["citizenId"] as! String, cpr: c["cpr"] as! String, events: evs)
        }
        let ms = months(from: month(cases.map(\.opened).min() ?? r), through: month(r))
        let qs = ms.map(quarter).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        let ys = ms.map { String($0.prefix(4)) }.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        /// A by-period figure from (month → counts), every key of `keys` in every period.
        func byPeriod(_ perMonth: [String: [String: Int]], keys: [String]) -> [String: Any] {
            var out: [String: [String: [String: Int]]] = ["month": [:], "quarter": [:], "year": [:]]
            let zero = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
            for m in ms {
                let v = zero.merging(perMonth[m] ?? [:], uniquingKeysWith: +)
                out["month"]![m] = v
                out["quarter"]![quarter(m), default: zero].merge(v, uniquingKeysWith: +)
                out["year"]![String(m.prefix(4)), default: zero].merge(v, uniquingKeysWith: +)
            }
            return out
        }
        var f: [String: Any] = [:]
        func type(_ e: Event) -> String { e["type"] as! String }
        func on(_ e: Event) -> CalendarDate { date(e["date"])! }

        // T1.1, T1.2
        var origin: [String: [String: Int]] = [:], inquirer: [String: [String: Int]] = [:], opened: [String: [String: Int]] = [:]
        for c in cases {
            for e in c.events where ["case_opened", "inquiry_received"].contains(type(e)) {
                origin[month(on(e)), default: [:]][e["origin"] as! String, default: 0] += 1
                inquirer[month(on(e)), default: [:]][e["inquirer"] as? String ?? "none", default: 0] += 1
            }
            opened[month(c.opened), default: [:]]["opened", default: 0] += 1
            if c.events[0]["clearCase"] as? Bool == true { opened[month(c.opened), default: [:]]["clearCase", default: 0] += 1 }
        }
        f["t1.inquiries.by_origin"] = byPeriod(origin, keys: ["henvendelse", "opfoelgning", "egen_drift"])
        f["t1.inquiries.by_inquirer"] = byPeriod(inquirer, keys: Array(Set(HistorySlugs.inquirer.keys)).sorted() + ["none"])
        f["t1.cases.opened"] = byPeriod(opened, keys: ["opened", "clearCase"])

        // T1.3
        var byCW = Dictionary(uniqueKeysWithValues: teamOf.keys.map { ($0, 0) }), byTeam = Dictionary(uniqueKeysWithValues: teams.map { ($0, 0) })
        var byPhase = Dictionary(uniqueKeysWithValues: ["opening", "investigation", "assessment", "decision", "order", "delivery", "follow_up"].map { ($0, 0) })
        for c in cases where c.isOpen(r) {
            let cw = c.caseworker(r)!
            byCW[cw, default: 0] += 1
            byTeam[teamOf[cw]!, default: 0] += 1
            byPhase[c.phase(r), default: 0] += 1
        }
        f["t1.open_cases.at_ref"] = ["total": cases.filter { $0.isOpen(r) }.count, "byCaseworker": byCW, "byTeam": byTeam, "byPhase": byPhase]
        f["t1.open_cases.month_end"] = Dictionary(uniqueKeysWithValues: ms.map { m in (m, cases.filter { $0.isOpen(min(lastDay(m), r)) }.count) })

        // T1.4, T1.5
        var all: [Int] = [], clear: [Int] = [], notClear: [Int] = [], byDecisionMonth: [String: [Int]] = [:], pending = 0, over = 0
        var pairs: [String: [Int]] = [:]
        for c in cases {
            let decision = c.first("decision")
            if let d = decision {
                let days = c.opened.days(until: d)
                all.append(days)
                if c.events[0]["clearCase"] as? Bool == true { clear.append(days) } else { notClear.append(days) }
                byDecisionMonth[month(d), default: []].append(days)
            } else if c.isOpen(r) {
                pending += 1
                if c.opened.days(until: r) > deadlines["opening_to_decision"]! { over += 1 }
            }
            let investigation = c.first("investigation_started"), assessment = c.first("assessment_started")
            let order = c.of("order").first
            func add(_ pair: String, _ a: CalendarDate?, _ b: CalendarDate?) { if let a, let b { pairs[pair, default: []].append(a.days(until: b)) } }
            add("opening_to_investigation", c.opened, investigation)
            add("investigation_to_assessment", investigation, investigation == nil ? nil : assessment)
            add("assessment_to_decision", assessment, decision)
            add("opening_to_decision", c.opened, decision)
            add("decision_to_order", decision, order.map(on))
            if let order, let started = c.of("delivery_started").first(where: { $0["interventionId"] as? String == order["interventionId"] as? String }) {
                add("order_to_delivery_start", on(order), date(started["interventionStartDate"]))
            }
        }
        var byDecisionPeriod: [String: [String: Any]] = ["month": [:], "quarter": [:], "year": [:]]
        let odDeadline = deadlines["opening_to_decision"]!
        for m in ms { byDecisionPeriod["month"]![m] = stats(byDecisionMonth[m] ?? [], deadline: odDeadline) }
        for q in qs { byDecisionPeriod["quarter"]![q] = stats(ms.filter { quarter($0) == q }.flatMap { byDecisionMonth[$0] ?? [] }, deadline: odDeadline) }
        for y in ys { byDecisionPeriod["year"]![y] = stats(ms.filter { $0.hasPrefix(y) }.flatMap { byDecisionMonth[$0] ?? [] }, deadline: odDeadline) }
        f["t1.opening_to_decision"] = ["all": stats(all, deadline: odDeadline), "clearCase": stats(clear, deadline: odDeadline),
                                       "notClearCase": stats(notClear, deadline: odDeadline), "byDecisionPeriod": byDecisionPeriod,
                                       "pendingAtRef": pending, "overDeadline": over]
        f["t1.phase_durations"] = Dictionary(uniqueKeysWithValues: deadlines.map { ($0.key, stats(pairs[$0.key] ?? [], deadline: $0.value)) })

        // T1.6
        var plans: [String: Int] = ["casesWithRecord": 0, "offered": 0, "wanted": 0, "declined": 0, "prepared": 0, "validUntilPassed": 0, "casesWithRecommendation": 0]
        var planStatus: [String: Int] = [:], holistic: [String: Int] = ["offered": 0, "wanted": 0, "declined": 0, "prepared": 0], holisticStatus: [String: Int] = [:]
        for c in cases {
            if !c.of("recommendation").isEmpty { plans["casesWithRecommendation"]! += 1 }
            guard let p = c.of("action_plan").last else { continue }
            plans["casesWithRecord"]! += 1
            if p["offered"] as? Bool == true { plans["offered"]! += 1 }
            if p["citizenWants"] as? Bool == true { plans["wanted"]! += 1 }
            if p["citizenWants"] as? Bool == false { plans["declined"]! += 1 }
            if p["status"] as? String == "udarbejdet" { plans["prepared"]! += 1 }
            if let s = p["status"] as? String { planStatus[s, default: 0] += 1 }
            // ID 61 is kept for a prepared plan (OpenVUM: the validity runs from its completion).
            if p["status"] as? String == "udarbejdet", let until = date(p["validUntil"]), until < r { plans["validUntilPassed"]! += 1 }
            if p["holisticOffered"] as? Bool == true { holistic["offered"]! += 1 }
            if p["holisticCitizenWants"] as? Bool == true { holistic["wanted"]! += 1 }
            if p["holisticCitizenWants"] as? Bool == false { holistic["declined"]! += 1 }
            if p["holisticStatus"] as? String == "udarbejdet" { holistic["prepared"]! += 1 }
            if let s = p["holisticStatus"] as? String { holisticStatus[s, default: 0] += 1 }
        }
        var actionPlans: [String: Any] = plans
        actionPlans["status"] = planStatus
        var holisticOut: [String: Any] = holistic
        holisticOut["status"] = holisticStatus
        actionPlans["holistic"] = holisticOut
        f["t1.action_plans"] = actionPlans

        // T1.7
        func consent(_ cs: [Case]) -> [String: Any] {
            var n: [String: Int] = [:]
            for k in ["cases", "citizenAgrees", "citizenDoesNotAgree", "guardianship", "guardianshipNeedsInvestigation", "informedOfRightToRepresentation",
                      "represented", "informedOfElectronicRegistration", "consentGiven", "holisticGuidance"] { n[k] = 0 }
            var forms: [String: [String: Int]] = ["guardianshipForm": [:], "representationForm": [:], "consentForm": [:], "consentCollectFrom": [:], "consentDiscloseTo": [:]]
            for c in cs {
                let o = c.events[0]
                let g = o["guardianship"] as? [String: Any] ?? [:], rep = o["representation"] as? [String: Any] ?? [:], con = o["consent"] as? [String: Any] ?? [:]
                n["cases"]! += 1
                if o["citizenAgrees"] as? Bool == true { n["citizenAgrees"]! += 1 }
                if o["citizenAgrees"] as? Bool == false { n["citizenDoesNotAgree"]! += 1 }
                if g["hasGuardian"] as? Bool == true { n["guardianship"]! += 1 }
                if g["needsFurtherInvestigation"] as? Bool == true { n["guardianshipNeedsInvestigation"]! += 1 }
                if rep["informedOfRight"] as? Bool == true { n["informedOfRightToRepresentation"]! += 1 }
                if rep["represented"] as? Bool == true { n["represented"]! += 1 }
                if o["informedOfElectronicRegistration"] as? Bool == true { n["informedOfElectronicRegistration"]! += 1 }
                if con["given"] as? Bool == true { n["consentGiven"]! += 1 }
                if o["holisticGuidance"] as? Bool == true { n["holisticGuidance"]! += 1 }
                if let v = g["form"] as? String { forms["guardianshipForm"]![v, default: 0] += 1 }
                if let v = rep["form"] as? String { forms["representationForm"]![v, default: 0] += 1 }
                if let v = con["form"] as? String { forms["consentForm"]![v, default: 0] += 1 }
                for p in Set(con["collectFrom"] as? [String] ?? []) { forms["consentCollectFrom"]![p == "udfoerer" ? "leverandoer" : p, default: 0] += 1 }
                for p in Set(con["discloseTo"] as? [String] ?? []) { forms["consentDiscloseTo"]![p == "udfoerer" ? "leverandoer" : p, default: 0] += 1 }
            }
            var out: [String: Any] = n
            for (k, v) in forms { out[k] = v }
            return out
        }
        f["t1.consent_guardianship_representation"] = ["all": consent(cases),
                                                       "byYearOpened": Dictionary(uniqueKeysWithValues: ys.map { y in (y, consent(cases.filter { $0.opened.description.hasPrefix(y) })) })]

        // T1.8
        func other(_ cs: [Case]) -> [String: Int] {
            var n = ["cases": 0, "otherActing": 0, "otherPaying": 0, "otherActingOrPaying": 0, "otherActingAndPaying": 0, "coordinationNeeded": 0]
            for c in cs {
                let acting = (c.events[0]["actingMunicipality"] as? String).map { $0 != own } ?? false
                let paying = (c.events[0]["payingMunicipality"] as? String).map { $0 != own } ?? false
                n["cases"]! += 1
                if acting { n["otherActing"]! += 1 }
                if paying { n["otherPaying"]! += 1 }
                if acting || paying { n["otherActingOrPaying"]! += 1 }
                if acting && paying { n["otherActingAndPaying"]! += 1 }
                if c.of("order").contains(where: { $0["coordinationNeeded"] as? Bool == true }) { n["coordinationNeeded"]! += 1 }
            }
            return n
        }
        f["t1.other_municipality"] = ["all": other(cases), "openAtRef": other(cases.filter { $0.isOpen(r) })]

        // T1.9
        var decided: [String: [String: Int]] = [:], paragraphs: [String: Int] = [:], reasons: [String: Int] = [:]
        for c in cases {
            for d in c.of("decision") {
                for item in d["items"] as! [[String: Any]] {
                    let granted = item["outcome"] as? String == "bevilget"
                    decided[month(on(d)), default: [:]][granted ? "granted" : "refused", default: 0] += 1
                    // OpenVUM keeps paragraphs in their one format, "SEL § 85".
                    if granted { paragraphs[(item["grantParagraph"] as! String).replacingOccurrences(of: "Serviceloven ", with: "SEL "), default: 0] += 1 }
                    else { reasons[item["refusalReason"] as? String ?? "none", default: 0] += 1 }
                }
            }
        }
        f["t1.decisions"] = ["byPeriod": byPeriod(decided, keys: ["granted", "refused"]), "grantedByParagraph": paragraphs, "refusedByReason": reasons]

        // T1.10 as the table words it.
        let classes = ["onTime", "late", "overdue", "dueToday", "missed", "upcomingAfterRef", "doneBeforeDueDateAfterRef", "due"]
        var dueTotal: [String: Int] = [:], dueMonth: [String: [String: Int]] = [:], dueCW: [String: [String: Int]] = [:]
        for cw in teamOf.keys { dueCW[cw] = Dictionary(uniqueKeysWithValues: classes.map { ($0, 0) }) }
        for c in cases {
            var items: [(due: CalendarDate, ending: String?, on: CalendarDate?)] = []
            var outstanding: Int?
            func set(_ due: CalendarDate?, _ day: CalendarDate) {
                if let i = outstanding, let due, items[i].due == due { return }
                if let i = outstanding, items[i].ending == nil { items[i].ending = "superseded"; items[i].on = day }
                outstanding = nil
                if let due { items.append((due, nil, nil)); outstanding = items.count - 1 }
            }
            for e in c.events {
                switch type(e) {
                case "decision": set(date(e["followUpDate"]), on(e))
                case "follow_up":
                    if e["followUpType"] as? String == "planlagt", let i = outstanding, items[i].ending == nil { items[i].ending = "fulfilled"; items[i].on = on(e) }
                    set(date(e["nextFollowUpDate"]), on(e))
                case "case_closed":
                    if let i = outstanding, items[i].ending == nil { items[i].ending = "closed"; items[i].on = on(e) }
                    outstanding = nil
                default: break
                }
            }
            for item in items {
                let cls: String?
                switch item.ending {
                case "fulfilled": cls = item.due > r ? "doneBeforeDueDateAfterRef" : item.on! <= item.due ? "onTime" : "late"
                case "superseded", "closed": cls = item.on! > item.due ? "missed" : nil
                default: cls = item.due > r ? "upcomingAfterRef" : item.due == r ? "dueToday" : "overdue"
                }
                guard let cls else { continue }
                var add = [cls: 1]
                if !["upcomingAfterRef", "doneBeforeDueDateAfterRef"].contains(cls) { add["due"] = 1 }
                dueTotal.merge(add, uniquingKeysWith: +)
                dueMonth[month(item.due), default: [:]].merge(add, uniquingKeysWith: +)
                dueCW[c.caseworker(min(item.due, r))!, default: [:]].merge(add, uniquingKeysWith: +)
            }
        }
        f["t1.follow_ups.due"] = ["total": Dictionary(uniqueKeysWithValues: classes.map { ($0, dueTotal[$0] ?? 0) }),
                                  "byDuePeriod": byPeriod(dueMonth.filter { ms.contains($0.key) }, keys: classes), "byCaseworker": dueCW]

        // T1.11
        var byType: [String: [String: Int]] = [:], supervision: [String: [String: Int]] = [:], inDelivery = 0, supervised = 0
        for c in cases {
            for e in c.of("follow_up") {
                byType[month(on(e)), default: [:]][e["followUpType"] as! String, default: 0] += 1
                supervision[month(on(e)), default: [:]]["followUps", default: 0] += 1
                if e["personalSupervision"] as? Bool == true { supervision[month(on(e)), default: [:]]["withPersonalSupervision", default: 0] += 1 }
            }
            guard c.isOpen(r) else { continue }
            let ended = Set(c.of("intervention_ended").compactMap { $0["interventionId"] as? String })
            guard c.of("delivery_started").contains(where: { !ended.contains($0["interventionId"] as! String) }) else { continue }
            inDelivery += 1
            if c.of("follow_up").contains(where: { $0["personalSupervision"] as? Bool == true && on($0) >= r.adding(days: -364) }) { supervised += 1 }
        }
        f["t1.follow_ups.by_type"] = byPeriod(byType, keys: ["planlagt", "markant_aendring"])
        f["t1.personal_supervision"] = ["byPeriod": byPeriod(supervision, keys: ["followUps", "withPersonalSupervision"]),
                                        "atRef": ["casesInDelivery": inDelivery, "withSupervisionInWindow": supervised, "windowDays": 365,
                                                  "share": inDelivery == 0 ? NSNull() : Double((2 * supervised * 10_000 + inDelivery) / (2 * inDelivery)) / 10_000 as Any]]

        // T3.1, T3.2
        func groups(_ e: Event) -> (codes: [String], primary: String?) {
            let list = e["targetGroups"] as? [[String: Any]] ?? []
            return (list.compactMap { code($0["code"] ?? $0) }, list.first { $0["primary"] as? Bool == true }.flatMap { code($0["code"] ?? $0) })
        }
        var primary: [String: Int] = [:], any: [String: Int] = [:], notRecorded = 0, left: [String: Int] = [:], ages: [String: Int] = [:]
        for g in ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"] { ages[g] = 0 }
        for c in cases {
            var previous: [String] = []
            for e in c.events where ["recommendation", "target_groups_updated"].contains(type(e)) && e["targetGroups"] != nil {
                let now = groups(e).codes
                if type(e) == "target_groups_updated" { for code in Set(previous).subtracting(now) { left[code, default: 0] += 1 } }
                previous = now
            }
            guard c.isOpen(r) else { continue }
            if let latest = c.events.last(where: { ["recommendation", "target_groups_updated"].contains(type($0)) && $0["targetGroups"] != nil }).map(groups), !latest.codes.isEmpty {
                primary[latest.primary ?? latest.codes[0], default: 0] += 1
                for code in Set(latest.codes) { any[code, default: 0] += 1 }
            } else { notRecorded += 1 }
            // G8 from the CPR number's digits.
            let d = c.cpr.map { Int(String($0))! }
            let yy = d[4] * 10 + d[5], s = d[6]
            let century = s <= 3 ? 1900 : (s == 4 || s == 9) ? (yy <= 36 ? 2000 : 1900) : (yy <= 57 ? 2000 : 1800)
            let birth = CalendarDate(year: century + yy, month: d[2] * 10 + d[3], day: d[0] * 10 + d[1])!
            let age = r.year - birth.year - ((r.month, r.day) < (birth.month, birth.day) ? 1 : 0)
            ages[age < 25 ? "18-24" : age < 35 ? "25-34" : age < 45 ? "35-44" : age < 55 ? "45-54" : age < 65 ? "55-64" : "65+", default: 0] += 1
        }
        f["t3.target_groups.at_ref"] = ["openCases": cases.filter { $0.isOpen(r) }.count, "primary": primary, "any": any, "notRecorded": notRecorded]
        f["t3.target_groups.left"] = left
        f["t3.age_groups.at_ref"] = ages

        // T3.3
        var latestLevel: [String: (CalendarDate, Int)] = [:], subthemes = Set<String>()
        for c in cases {
            for e in c.of("functional_assessment") {
                for l in e["levels"] as! [[String: Any]] {
                    let s = code(l["subtheme"])!
                    subthemes.insert(s)
                    latestLevel["\(s)|\(quarter(month(on(e))))|\(c.citizen)"] = (on(e), hundredths(l["level"])!)
                }
            }
        }
        var levels: [String: [String: [String: Any]]] = [:]
        for s in subthemes {
            for q in qs {
                let ls = latestLevel.filter { $0.key.hasPrefix("\(s)|\(q)|") }.map(\.value.1)
                levels[s, default: [:]][q] = ["n": ls.count, "mean": ls.isEmpty ? NSNull() : Double(h(ls.reduce(0, +), ls.count * 100)) / 100 as Any]
            }
        }
        f["t3.functional_level.by_subtheme_quarter"] = levels

        // T3.4
        var goalRows: [String: [String: Any]] = [:]
        var summary: [String: (goals: Int, followed: Int, achieved: Int, expected: [Int], latest: [Int])] = [:]
        var goalTypes: [String: Int] = [:], bySubtheme: [String: [String: Int]] = [:]
        for c in cases {
            for rec in c.of("recommendation") {
                for g in rec["goals"] as? [[String: Any]] ?? [] {
                    let id = g["goalId"] as! String, type = code(g["goalType"])!, subtheme = code(g["primarySubtheme"])!
                    let expected = hundredths(g["expectedLevel"])!
                    let baseline = c.of("functional_assessment").filter { on($0) <= on(rec) }
                        .compactMap { ($0["levels"] as! [[String: Any]]).first { code($0["subtheme"]) == subtheme }.flatMap { hundredths($0["level"]) } }.last
                    let last = c.of("follow_up").compactMap { fu in (fu["goalDecisions"] as? [[String: Any]] ?? []).last { $0["goalId"] as? String == id }.map { (on(fu), hundredths($0["achievedLevel"])) } }.last
                    let achieved: Any = last.flatMap { $0.1 }.map { $0 <= expected } ?? NSNull()
                    goalRows[id] = ["goalType": type, "primarySubtheme": subtheme, "baselineLevel": baseline.map { Double($0) / 100 } ?? NSNull() as Any,
                                    "expectedLevel": Double(expected) / 100, "latestLevel": last?.1.map { Double($0) / 100 } ?? NSNull() as Any,
                                    "latestDate": last?.0.description ?? NSNull() as Any, "achieved": achieved]
                    var s = summary[type] ?? (0, 0, 0, [], [])
                    s.goals += 1
                    if let last { s.followed += 1; s.expected.append(expected); if let l = last.1 { s.latest.append(l); if l <= expected { s.achieved += 1 } } }
                    summary[type] = s
                    goalTypes[type, default: 0] += 1
                    bySubtheme[subtheme, default: [:]][type, default: 0] += 1
                }
            }
        }
        f["t3.goals.expected_vs_latest"] = goalRows
        f["t3.goals.summary_by_type"] = summary.mapValues { s in
            ["goals": s.goals, "followedUp": s.followed, "achieved": s.achieved, "notAchieved": s.followed - s.achieved,
             "meanExpectedLevel": s.expected.isEmpty ? NSNull() : Double(h(s.expected.reduce(0, +), s.expected.count * 100)) / 100 as Any,
             "meanLatestLevel": s.latest.isEmpty ? NSNull() : Double(h(s.latest.reduce(0, +), s.latest.count * 100)) / 100 as Any] as [String: Any]
        }
        f["t3.goal_types"] = ["byType": goalTypes, "bySubthemeAndType": bySubtheme]

        // T3.5–T3.8
        let rank = ["Intet": 0, "Let": 1, "Moderat": 2, "Højt": 3, "Fuldstændigt": 4]
        // The levels' order by their FFB display text ("Intet støttebehov" …; "Ikke vurderet" has none).
        func needRank(_ any: Any?) -> Int? { code(any).flatMap(display).flatMap { rank[String($0.split(separator: " ")[0])] } }
        var matrix: [String: [String: Int]] = [:], transitions = ["improved": 0, "unchanged": 0, "worsened": 0, "notAssessed": 0]
        var byStatus: [String: Int] = [:], byOffer: [String: [String: Int]] = [:], byProvider: [String: [String: Int]] = [:], outcomes: [String: Int] = [:], decisions: [String: Int] = [:]
        var forces: [String: Int] = [:], forceProvider: [String: Int] = [:], forceGroup: [String: Int] = [:], crossed: [String: [String: Int]] = [:]
        var latestWellbeing: [String: (CalendarDate, Bool)] = [:], yearly: [String: [String: Bool]] = [:]
        for c in cases {
            var offers: [String: String] = [:]
            for rec in c.of("recommendation") { for x in rec["interventions"] as? [[String: Any]] ?? [] { offers[x["interventionId"] as! String] = code(x["offerType"]) ?? "none" } }
            var provider: [String: String] = [:]
            for o in c.of("order") { provider[o["interventionId"] as! String] = o["providerId"] as? String }
            var group: String?
            for e in c.events {
                switch type(e) {
                case "recommendation", "target_groups_updated":
                    if e["targetGroups"] != nil { let g = groups(e); group = g.primary ?? g.codes.first }
                case "use_of_force":
                    let p = e["providerId"] as? String ?? provider[e["interventionId"] as? String ?? ""] ?? "none", g = group ?? "none"
                    forces[month(on(e)), default: 0] += 1
                    forceProvider[p, default: 0] += 1
                    forceGroup[g, default: 0] += 1
                    crossed[p, default: [:]][g, default: 0] += 1
                case "follow_up":
                    let before = code(e["supportNeedBefore"]) ?? "none", after = code(e["supportNeedAfter"]) ?? "none"
                    matrix[before, default: [:]][after, default: 0] += 1
                    if let b = needRank(e["supportNeedBefore"]), let a = needRank(e["supportNeedAfter"]) {
                        transitions[a < b ? "improved" : a == b ? "unchanged" : "worsened"]! += 1
                    } else { transitions["notAssessed"]! += 1 }
                    for s in e["interventionStatuses"] as? [[String: Any]] ?? [] {
                        let status = code(s["status"])!, x = s["interventionId"] as! String
                        byStatus[status, default: 0] += 1
                        byOffer[offers[x] ?? "none", default: [:]][status, default: 0] += 1
                        byProvider[provider[x] ?? "none", default: [:]][status, default: 0] += 1
                    }
                    outcomes[e["outcome"] as? String ?? "none", default: 0] += 1
                    for d in e["goalDecisions"] as? [[String: Any]] ?? [] { decisions[d["decision"] as! String, default: 0] += 1 }
                    let problems = e["wellbeingProblems"] as? Bool == true
                    latestWellbeing[c.citizen] = (on(e), problems)
                    let y = String(on(e).year)
                    yearly[y, default: [:]][c.citizen] = (yearly[y]?[c.citizen] ?? false) || problems
                default: break
                }
            }
        }
        f["t3.support_need.transitions"] = ["matrix": matrix, "summary": transitions]
        f["t3.follow_up_results"] = ["byStatus": byStatus, "byOfferType": byOffer, "byProvider": byProvider, "followUpOutcome": outcomes, "goalDecisions": decisions]
        var forcePeriods: [String: [String: Int]] = ["month": [:], "quarter": [:], "year": [:]]
        for m in ms {
            forcePeriods["month"]![m] = forces[m] ?? 0
            forcePeriods["quarter"]![quarter(m), default: 0] += forces[m] ?? 0
            forcePeriods["year"]![String(m.prefix(4)), default: 0] += forces[m] ?? 0
        }
        f["t3.use_of_force"] = ["total": forces.values.reduce(0, +), "byPeriod": forcePeriods, "byProvider": forceProvider, "byPrimaryTargetGroup": forceGroup,
                                "byProviderAndTargetGroup": crossed]
        let withProblems = latestWellbeing.values.filter(\.1).count
        f["t3.wellbeing"] = ["latest": ["citizens": latestWellbeing.count, "withProblems": withProblems,
                                        "share": latestWellbeing.isEmpty ? NSNull() : Double((2 * withProblems * 10_000 + latestWellbeing.count) / (2 * latestWellbeing.count)) / 10_000 as Any],
                             "byYear": Dictionary(uniqueKeysWithValues: ys.map { y in (y, ["citizens": yearly[y]?.count ?? 0, "withProblems": yearly[y]?.values.filter { $0 }.count ?? 0]) })]

        // meta.cpr
        var failing: [String] = [], centuries = ["1800": 0, "1900": 0, "2000": 0]
        for c in Dictionary(cases.map { ($0.citizen, $0) }, uniquingKeysWith: { a, _ in a }).values {
            let d = c.cpr.map { Int(String($0))! }
            if zip(d, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]).map(*).reduce(0, +) % 11 != 0 { failing.append(c.citizen) }
            let yy = d[4] * 10 + d[5], s = d[6]
            centuries[String(s <= 3 ? 1900 : (s == 4 || s == 9) ? (yy <= 36 ? 2000 : 1900) : (yy <= 57 ? 2000 : 1800)), default: 0] += 1
        }
        f["meta.cpr"] = ["modulus11Failures": ["count": failing.count, "citizenIds": failing.sorted()], "birthCenturies": centuries]

        // meta.counts: every event of the file by type (a repeated holder is no handover; a recommendation after a
        // follow-up starts the re-visitation's assessment like an assessment_started).
        var byEventType: [String: Int] = [:]
        for c in cases {
            var previous: [String]?
            for e in c.events {
                if ["recommendation", "target_groups_updated"].contains(type(e)), e["targetGroups"] != nil {
                    let now = groups(e).codes
                    // An update that changes nothing is no new version.
                    if type(e) == "target_groups_updated" && now == previous { continue }
                    previous = now
                }
                byEventType[type(e), default: 0] += 1
            }
        }
        let recommendations: [Event] = cases.flatMap { $0.of("recommendation") }
        let interventions: Int = recommendations.map { ($0["interventions"] as? [Any] ?? []).count }.reduce(0, +)
        let events: [String: Any] = ["total": byEventType.values.reduce(0, +), "byType": byEventType]
        let metaCounts: [String: Any] = ["citizens": Set(cases.map(\.citizen)).count, "cases": cases.count, "interventions": interventions,
                                         "orders": byEventType["order"] ?? 0, "events": events]
        f["meta.counts"] = metaCounts
        return f
    }

    // MARK: Comparing

    /// A value in one comparable form: ids replaced by the keys they had in the file, numbers as text to 4 decimals
    /// (JSON's true and false read as 1 and 0 on Linux, so booleans are compared as those).
    static func canonical(_ any: Any, keys: [String: String]) -> Any {
        switch any {
        case let d as [String: Any]: return Dictionary(d.map { (keys[$0.key] ?? $0.key, canonical($0.value, keys: keys)) }, uniquingKeysWith: { a, _ in a })
        case let a as [Any]:
            // Lists of ids are sets: compared in order of the file's keys.
            let items = a.map { canonical($0, keys: keys) }
            return items.allSatisfy({ $0 is String }) ? (items as! [String]).sorted() : items
        case let b as Bool where !(any is NSNumber): return b ? "1.0000" : "0.0000"
        case let n as NSNumber: return String(format: "%.4f", n.doubleValue)
        case let i as Int: return String(format: "%.4f", Double(i))
        case let x as Double: return String(format: "%.4f", x)
        case let s as String: return keys[s] ?? s
        case is NSNull: return "null"
        default: return "\(any)"
        }
    }

    /// The paths where two canonical values differ (at most a few, for the message).
    static func differences(_ a: Any, _ b: Any, path: String = "") -> [String] {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            return Set(x.keys).union(y.keys).sorted().flatMap { k -> [String] in
                guard let u = x[k] else { return ["\(path)/\(k): missing in the API"] }
                guard let v = y[k] else { return ["\(path)/\(k): not expected (\(u))"] }
                return differences(u, v, path: "\(path)/\(k)")
            }
        case let (x as [Any], y as [Any]):
            guard x.count == y.count else { return ["\(path): \(x.count) items, expected \(y.count)"] }
            return zip(x, y).enumerated().flatMap { differences($0.element.0, $0.element.1, path: "\(path)/\($0.offset)") }
        case let (x as String, y as String):
            return x == y ? [] : ["\(path): \(x), expected \(y)"]
        default:
            return ["\(path): \(a) vs \(b)"]
        }
    }

    /// The value without the entries of caseworkers and teams the file does not know (the test municipality's own
    /// users and teams, listed with zeros): each must be all zeros.
    static func withoutOthers(_ any: Any, keys: [String: String], labels: [String: String], path: String, others: inout [String]) -> Any {
        switch any {
        case let d as [String: Any]:
            var out: [String: Any] = [:]
            for (k, v) in d {
                if UUID(uuidString: k) != nil, keys[k] == nil, labels[k] == nil {
                    if "\(canonical(v, keys: [:]))".contains(where: { $0.isNumber && $0 != "0" }) { others.append("\(path)/\(k)") }
                    continue
                }
                out[k] = withoutOthers(v, keys: keys, labels: labels, path: "\(path)/\(k)", others: &others)
            }
            return out
        default: return any
        }
    }

    static func check(_ figures: [String: Any], _ json: [String: Any], r: CalendarDate, display: (String) -> String?) throws {
        let want = expected(json, r: r, display: display)
        let got = try #require(figures["figures"] as? [String: Any])
        let keys = try #require(figures["importedKeys"] as? [String: String])
        let labels = try #require(figures["labels"] as? [String: String])
        for (id, value) in want.sorted(by: { $0.key < $1.key }) {
            var others: [String] = []
            let api = withoutOthers(try #require(got[id], "\(id) is missing"), keys: keys, labels: labels, path: id, others: &others)
            #expect(others.isEmpty, "counted for a caseworker or team outside the file: \(others.prefix(3))")
            let diff = differences(canonical(api, keys: keys), canonical(value, keys: [:]))
            #expect(diff.isEmpty, "\(id) on \(r): \(diff.prefix(6).joined(separator: "; "))")
        }
    }

    @Test("t1.*, t3.* and meta.* of a generated history equal values computed independently from the file, on its reference date and an earlier one",
          arguments: Engine.available)
    func figures(engine: Engine) async throws {
        try await withTestApp(engine) { app in
            let economy = try await app.token("oekonomi")
            let terminology = try await app.openvum.terminology.current(on: app.db)
            let (data, json) = try await HistoryImportTests.file(app, citizens: 150, seed: 31)
            let report = try await HistoryImport.run(data, municipalityID: DemoData.municipalityID, principal: try await HistoryImportTests.admin(app),
                                                     dryRun: false, app: app)
            #expect(report.refused.isEmpty, "\(report.refused.prefix(2))")
            // The history exercises what the figures distinguish.
            let want = Self.expected(json, r: HistoryImportTests.reference, display: { terminology.display(.ffb, code: $0) })
            let due = (want["t1.follow_ups.due"] as! [String: Any])["total"] as! [String: Int]
            #expect(due["late"]! > 0 && due["onTime"]! > 0 && due["upcomingAfterRef"]! > 0)
            #expect(!(want["t3.target_groups.left"] as! [String: Int]).isEmpty && (want["t3.use_of_force"] as! [String: Any])["total"] as! Int > 0)
            #expect((want["t1.opening_to_decision"] as! [String: Any])["pendingAtRef"] as! Int > 0)
            for r in [HistoryImportTests.reference, CalendarDate(year: 2026, month: 2, day: 14)!] {
                let res = try await app.send(.GET, "/api/v1/figures?ids=t1.*,t3.*,meta.*&date=\(r)", token: economy)
                #expect(res.status == .ok, "\(res.body.string.prefix(300))")
                try Self.check(try res.json(), json, r: r, display: { terminology.display(.ffb, code: $0) })
            }
        }
    }
}
