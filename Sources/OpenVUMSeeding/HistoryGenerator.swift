import Foundation
import OpenVUMDomain
import OpenVUMStore

/// Writes case-history files (`spec/case-history-format.md`) for tests and the demo: a municipality's
/// organisation and, per citizen, about two years of dated events through every phase — clear cases,
/// refusals, handovers, triggered and late follow-ups, re-visitation, moves and closings — stopping at the
/// reference date, so cases stand in every phase. Deterministic: the same seed gives the same file.
public enum HistoryGenerator {
    public struct Offer: Sendable {
        public enum Kind: Sendable { case hourly, temporaryResidential, longResidential, day }
        public var id: String, name: String, kind: Kind, legalBasis: String, account: String, unitPriceOre: Int
    }
    public struct Provider: Sendable {
        public var id: String, name: String, kind: String, offers: [Offer]
    }
    public struct Profile: Sendable {
        public var code: String, name: String
        /// Put before every citizen and case key, so that files of different profiles never share keys.
        public var keyPrefix = ""
        public var teams: [(id: String, name: String)]
        public var caseworkers: [(id: String, name: String, team: String, username: String?)]
        public var providers: [Provider]
    }

    /// An Ådal-like municipality with two teams, four caseworkers and three providers.
    public static let standard = Profile(
        code: "999", name: "Ådal Kommune (syntetisk)",
        teams: [("T1", "Myndighed Handicap"), ("T2", "Myndighed Socialpsykiatri og Udsatte")],
        caseworkers: [("CW1", "Anne Andersen", "T1", nil), ("CW2", "Bo Berg", "T1", nil), ("CW3", "Cecilie Clausen", "T2", nil), ("CW4", "Dan Dahl", "T2", nil)],
        providers: [
            Provider(id: "P1", name: "Ådal Kommune, Social og Handicap", kind: "internal", offers: [
                Offer(id: "P1-BOST", name: "Bostøtte Ådal (SEL § 85)", kind: .hourly, legalBasis: "Serviceloven § 85", account: "5.38.38", unitPriceOre: 58_500),
                Offer(id: "P1-AKT", name: "Aktivitetshuset (SEL § 104)", kind: .day, legalBasis: "Serviceloven § 104", account: "5.38.59", unitPriceOre: 62_000),
            ]),
            Provider(id: "P2", name: "Fonden Lyngholm", kind: "external", offers: [
                Offer(id: "P2-LANG", name: "Lyngholm, længerevarende botilbud (SEL § 108)", kind: .longResidential, legalBasis: "Serviceloven § 108",
                      account: "5.38.50", unitPriceOre: 245_000),
                Offer(id: "P2-MIDL", name: "Lyngholm, midlertidigt botilbud (SEL § 107)", kind: .temporaryResidential, legalBasis: "Serviceloven § 107",
                      account: "5.38.52", unitPriceOre: 198_000),
            ]),
            Provider(id: "P3", name: "Nabo Kommune", kind: "external", offers: [
                Offer(id: "P3-BOST", name: "Nabo Bostøtte (SEL § 85)", kind: .hourly, legalBasis: "Serviceloven § 85", account: "5.38.38", unitPriceOre: 61_000),
            ]),
        ])

    /// The demo municipality: its teams, its caseworker `sagsbehandler` and its providers, plus three more
    /// caseworkers; the imported history lands on the demo logins' own organisation.
    public static let demo = Profile(
        code: "999", name: "Demokommune", keyPrefix: "DEMO-",
        teams: [("T1", "Team Handicap"), ("T2", "Team Socialpsykiatri")],
        caseworkers: [("CW1", "Sanne Sagsbehandler", "T1", "sagsbehandler"), ("CW2", "Henrik Holm", "T1", nil), ("CW3", "Pia Poulsen", "T2", nil),
                      ("CW4", "Karen Krogh", "T2", nil)],
        providers: [
            Provider(id: "P1", name: "Socialcenter Nord", kind: "internal", offers: [
                Offer(id: "P1-BOST", name: "Bostøtte Nord (SEL § 85)", kind: .hourly, legalBasis: "Serviceloven § 85", account: "5.38.38", unitPriceOre: 58_500),
                Offer(id: "P1-SOL", name: "Botilbud Solhøj (SEL § 108)", kind: .longResidential, legalBasis: "Serviceloven § 108", account: "5.38.50", unitPriceOre: 231_000),
                Offer(id: "P1-AKT", name: "Aktivitetscentret Nord (SEL § 104)", kind: .day, legalBasis: "Serviceloven § 104", account: "5.38.59", unitPriceOre: 62_000),
            ]),
            Provider(id: "P2", name: "Fonden Lysbro", kind: "external", offers: [
                Offer(id: "P2-MIDL", name: "Botilbud Lysbro (SEL § 107)", kind: .temporaryResidential, legalBasis: "Serviceloven § 107", account: "5.38.52", unitPriceOre: 198_000),
            ]),
        ])

    /// A whole file as JSON-ready values.
    public static func generate(citizens count: Int, seed: UInt64, referenceDate r: CalendarDate, profile: Profile, terminology t: TerminologySnapshot) -> [String: Any] {
        var rng = SeededGenerator(seed: seed)
        let from = CalendarDate(year: r.year - 2, month: 1, day: 1)!
        let codes = Codes(t)
        var citizens: [[String: Any]] = []
        for n in 1...max(count, 1) {
            var citizen = Citizen(number: n, r: r, from: from, profile: profile, codes: codes)
            citizens.append(citizen.generate(&rng))
        }
        return [
            "format": "openvum-case-history", "formatVersion": 1,
            "generatedBy": ["tool": "OpenVUM HistoryGenerator", "seed": Int(seed), "citizens": count],
            "referenceDate": r.description,
            "dataWindow": ["from": from.description, "to": r.description],
            "terminology": ["ffb": ["system": "urn:oid:1.2.208.176.2.22", "version": t.versions[.ffb] ?? ""], "kle": ["edition": t.versions[.kle] ?? ""]],
            "municipality": [
                "code": profile.code, "name": profile.name,
                "settings": ["deadlinesDays": CaseSettings.defaultDeadlineDays, "statusReportLeadDays": 14,
                             "visitationCommitteeThresholdHoursPerWeek": 8, "personalSupervisionWindowDays": 365],
                "teams": profile.teams.map { ["id": $0.id, "name": $0.name] },
                "caseworkers": profile.caseworkers.map { cw -> [String: Any] in
                    var o: [String: Any] = ["id": cw.id, "name": cw.name, "teamId": cw.team]
                    if let u = cw.username { o["username"] = u }
                    return o
                },
                "providers": profile.providers.map { p in
                    ["id": p.id, "name": p.name, "kind": p.kind, "offers": p.offers.map { o in
                        ["id": o.id, "name": o.name, "legalBasis": o.legalBasis, "accountNumber": o.account,
                         "rates": [["validFrom": from.description, "validTo": NSNull(), "unitPriceOre": o.unitPriceOre]]] as [String: Any]
                    }] as [String: Any]
                },
            ],
            "otherMunicipalities": [["code": "995", "name": "Havnstrup Kommune"]],
            "citizens": citizens,
        ]
    }

    /// The FFB codes the events use, read from the active terminology.
    struct Codes {
        var ad, conditions, change, ydelser, tilbud, needs, targets: [String]
        var keep, endAndRevisit, end: String
        var kle: [String]
        init(_ t: TerminologySnapshot) {
            ad = t.valueSet(FFBValueSet.activityAndParticipation).map(\.code)
            conditions = t.valueSet(FFBValueSet.conditions).map(\.code)
            change = t.valueSet(FFBValueSet.changeValues).map(\.code)
            ydelser = t.valueSet(FFBValueSet.interventions).map(\.code)
            tilbud = t.valueSet(FFBValueSet.services).map(\.code)
            needs = t.valueSet(FFBValueSet.needs).map(\.code)
            targets = t.valueSet(FFBValueSet.targetGroups).map(\.code)
            let statuses = t.valueSet(FFBValueSet.followUp)
            func status(_ words: String, _ fallback: Int) -> String {
                statuses.first { $0.display.lowercased().contains(words) }?.code ?? statuses[min(fallback, statuses.count - 1)].code
            }
            endAndRevisit = status("visiter til ny", 1)
            keep = status("fortsættelse", 0)
            end = statuses.first { $0.display.lowercased().contains("afslutning") && !$0.display.lowercased().contains("visiter") }?.code ?? statuses.last!.code
            // Adult social services (27.xx), not those for children and young people.
            kle = t.kle(level: "emne").filter { $0.code.hasPrefix("27.") && !$0.display.lowercased().contains("børn") }.map(\.code)
        }
    }

    /// One citizen's file entry, generated step by step until the reference date.
    struct Citizen {
        let number: Int, r: CalendarDate, from: CalendarDate, profile: Profile, codes: Codes
        var events: [(CalendarDate, Int, [String: Any])] = []
        var stopped = false
        var seq = 0
        var achieved = Set<String>()
        /// The provider's events (hours, use of force, report contents) draw from their own sequence, so that the rest
        /// of a history stays as it was generated before they existed.
        lazy var provider = SeededGenerator(seed: UInt64(number) &* 0x9E37_79B9 &+ 7)
        /// Contracts and payments (negotiated rates, attendance, supplementary tariffs) draw from a sequence of their own too.
        lazy var economy = SeededGenerator(seed: UInt64(number) &* 0x2545_F491 &+ 13)
        /// The alternatives a recommendation considered (ID 38), with their prices, from a sequence of their own.
        lazy var alternatives = SeededGenerator(seed: UInt64(number) &* 0x5851_F42D &+ 29)
        /// Each order's contract, for the payments the finance system books for it.
        var contracts: [(order: String, intervention: String, offer: Offer, start: CalendarDate, end: CalendarDate?, span: Int, units: Int, unitPrice: Int,
                         supplement: Int, price: Int)] = []

        init(number: Int, r: CalendarDate, from: CalendarDate, profile: Profile, codes: Codes) {
            self.number = number; self.r = r; self.from = from; self.profile = profile; self.codes = codes
        }

        static let rank = ["case_opened", "caseworker_assigned", "inquiry_received", "investigation_started", "functional_assessment", "assessment_started",
                           "recommendation", "action_plan", "decision", "order", "delivery_started", "hours_delivered", "payment", "status_report",
                           "use_of_force", "follow_up", "target_groups_updated", "intervention_ended", "case_closed"]

        var id: String { profile.keyPrefix + String(format: "C%04d", number) }

        /// Adds an event if it falls on or before the reference date; otherwise the history stops there.
        mutating func add(_ type: String, _ date: CalendarDate, _ fields: [String: Any] = [:]) -> Bool {
            guard !stopped, date <= r else { stopped = true; return false }
            var e = fields
            e["type"] = type
            e["date"] = date.description
            events.append((date, Self.rank.firstIndex(of: type) ?? 99, e))
            return true
        }

        func level(_ rng: inout SeededGenerator) -> Decimal { Decimal(Int.random(in: 5...35, using: &rng)) / 10 }

        mutating func generate(_ rng: inout SeededGenerator) -> [String: Any] {
            let caseID = profile.keyPrefix + String(format: "SAG-%04d", number)
            // Born 1950–1999, at least 18 when the case opens.
            let opened = r.adding(days: -Int.random(in: 5...700, using: &rng))
            let birthYear = Int.random(in: 1950...min(1999, opened.year - 19), using: &rng)
            let birth = CalendarDate(year: birthYear, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
            let seventh = Int.random(in: 0...3, using: &rng)
            let cpr = String(format: "%02d%02d%02d%d%03d", birth.day, birth.month, birth.year % 100, seventh, Int.random(in: 0...999, using: &rng))
            var holder = rng.pick(profile.caseworkers)
            let clear = rng.chance(0.12)
            let origin = rng.chance(0.85) ? "henvendelse" : rng.pick(["opfoelgning", "egen_drift"])
            let inquirers = ["borger", "paaroerende", "egen_laege", "hospital", "psykiatrien", "anden_forvaltning", "kriminalforsorgen", "anden_kommune",
                             "leverandoer", "boerne_ungeomraadet"]
            let otherMunicipality = rng.chance(0.08)
            _ = add("case_opened", opened, [
                "caseId": caseID, "caseworkerId": holder.id, "kle": codes.kle.isEmpty ? NSNull() : ["number": rng.pick(codes.kle)] as Any,
                "origin": origin, "inquirer": origin == "henvendelse" ? rng.pick(inquirers) : NSNull(),
                "citizenAgrees": !rng.chance(0.05), "clearCase": clear,
                "clearCaseServiceType": clear ? rng.pick(codes.ydelser) : NSNull(), "clearCaseOfferType": clear && !codes.tilbud.isEmpty ? rng.pick(codes.tilbud) : NSNull(),
                "guardianship": ["hasGuardian": rng.chance(0.1), "form": NSNull(), "needsFurtherInvestigation": false],
                "representation": ["informedOfRight": true, "represented": false, "form": NSNull()],
                "informedOfElectronicRegistration": true,
                "consent": ["given": true, "form": rng.pick(["skriftligt", "mundtligt"]), "collectFrom": ["egen_laege"], "discloseTo": ["leverandoer"]],
                "holisticGuidance": rng.chance(0.3),
                "actingMunicipality": profile.code, "payingMunicipality": otherMunicipality ? "995" : profile.code,
            ])
            var day = opened
            func later(_ days: ClosedRange<Int>, _ rng: inout SeededGenerator) -> CalendarDate { day.adding(days: Int.random(in: days, using: &rng)) }
            if rng.chance(0.15) { day = later(3...20, &rng); _ = add("inquiry_received", day, ["origin": "henvendelse", "inquirer": rng.pick(inquirers), "subject": "markant_aendring"]) }
            if rng.chance(0.1) {
                let others = profile.caseworkers.filter { $0.id != holder.id }
                holder = rng.pick(others)
                day = later(5...40, &rng)
                _ = add("caseworker_assigned", day, ["caseworkerId": holder.id, "reason": rng.pick(["omfordeling", "sygdom", "opsigelse"])])
            }
            if !clear {
                day = later(2...18, &rng)
                _ = add("investigation_started", day, ["relevantSubthemes": Array(Set((0..<3).map { _ in rng.pick(codes.conditions.isEmpty ? codes.ad : codes.conditions) })).sorted()])
            }
            let subthemes = Array(Set((0..<Int.random(in: 3...5, using: &rng)).map { _ in rng.pick(codes.ad) })).sorted()
            var baseline: [String: Decimal] = [:]
            for s in subthemes { baseline[s] = level(&rng) }
            day = later(clear ? 1...5 : 5...25, &rng)
            if clear { _ = add("assessment_started", day); day = day.adding(days: 1) }
            _ = add("functional_assessment", day, ["levels": subthemes.map { ["subtheme": $0, "level": baseline[$0]!] as [String: Any] }])
            if !clear { day = later(10...35, &rng); _ = add("assessment_started", day) }

            var round = 0
            var interventionNo = 0, goalNo = 0, followUpNo = 0
            while !stopped && round < 2 {
                round += 1
                // Recommendation with 1–2 goals and 1–2 interventions.
                day = later(3...20, &rng)
                let start = day.adding(days: 14)
                var goals: [[String: Any]] = []
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    goalNo += 1
                    let separate = rng.chance(0.3)
                    goals.append(["goalId": "\(id)-G\(goalNo)", "text": rng.pick(Self.goalTexts), "goalType": codes.change.isEmpty ? NSNull() : rng.pick(codes.change) as Any,
                                  "primarySubtheme": rng.pick(subthemes), "expectedLevel": level(&rng),
                                  "followUp": ["mode": separate ? "separat" : "samme", "date": separate ? start.adding(months: 6).description : NSNull()] as [String: Any]])
                }
                var interventions: [(key: String, offer: Offer, provider: Provider, reps: Int, units: Decimal, end: CalendarDate?, start: CalendarDate)] = []
                var xs: [[String: Any]] = []
                var supplements: [String: Int] = [:]
                for _ in 0..<(rng.chance(0.2) ? 2 : 1) {
                    interventionNo += 1
                    let provider = rng.pick(profile.providers)
                    let offer = rng.pick(provider.offers)
                    var unit = "time", frequency = "uge", units: Decimal = 1, reps = 52, end: CalendarDate? = nil
                    switch offer.kind {
                    case .hourly:
                        units = rng.pick([Decimal(string: "1.5")!, 2, Decimal(string: "2.5")!, 3, 4, Decimal(string: "5.25")!, 6, 8, Decimal(string: "10.25")!])
                        reps = rng.pick([26, 39, 52])
                        if !(reps == 52 && rng.chance(0.3)) { end = start.adding(days: 7 * reps - 1) }
                    case .day:
                        unit = "dag"; units = Decimal(Int.random(in: 2...5, using: &rng))
                        reps = rng.chance(0.5) ? 52 : Int.random(in: 26...39, using: &rng)
                        if reps != 52 { end = start.adding(days: 7 * reps - 1) }
                    case .temporaryResidential:
                        unit = "doegn"; frequency = "doegn"; reps = Int.random(in: 90...270, using: &rng); end = start.adding(days: reps - 1)
                    case .longResidential:
                        unit = "doegn"; frequency = "doegn"; reps = 365
                    }
                    let key = "\(id)-I\(interventionNo)"
                    interventions.append((key, offer, provider, reps, units, end, start))
                    var price: [String: Any] = ["unit": unit, "unitsPerPeriod": units, "frequency": frequency, "repetitions": reps, "unitPriceOre": offer.unitPriceOre]
                    if rng.chance(0.1) { price["supplements"] = [["description": "Særtakst i opstartsperioden", "amountOre": 1_000_000]]; supplements[key] = 1_000_000 }
                    xs.append(["interventionId": key, "providerId": provider.id, "offerId": offer.id,
                               "offerType": codes.tilbud.isEmpty ? NSNull() : ["code": rng.pick(codes.tilbud)] as Any, "legalBasis": offer.legalBasis,
                               "services": [["code": rng.pick(codes.ydelser), "legalBasis": offer.legalBasis]], "accountNumber": offer.account,
                               "expectedStart": start.description, "expectedEnd": end?.description ?? NSNull(), "noEndDate": end == nil, "price": price])
                }
                // Some recommendations name an alternative or two, priced against the first intervention's base price.
                var considered: [[String: Any]] = []
                if let first = interventions.first, alternatives.chance(0.35) {
                    let base = NSDecimalNumber(decimal: first.units * Decimal(first.reps * first.offer.unitPriceOre)).intValue
                    for _ in 0..<(alternatives.chance(0.3) ? 2 : 1) {
                        considered.append(["description": alternatives.pick(["Bostøtte efter § 85 i eget hjem", "Botilbud efter § 107", "Botilbud efter § 108",
                                                                              "Aktivitets- og samværstilbud efter § 104", "Hjemmehjælp efter § 83"]),
                                           "expectedPriceOre": base * alternatives.pick([60, 80, 125, 150, 250]) / 100])
                    }
                }
                let primary = rng.pick(codes.targets.isEmpty ? ["none"] : codes.targets)
                let committee = interventions.contains { $0.offer.kind == .longResidential || $0.offer.kind == .temporaryResidential || $0.units > 8 }
                guard add("recommendation", day, [
                    "recommendationId": "\(id)-R\(round)",
                    "targetGroups": codes.targets.isEmpty ? [] : [["code": primary, "primary": true]],
                    "currentSupportNeed": rng.pick(codes.needs), "goals": goals, "civilSocietyInterventions": rng.chance(0.2) ? ["Besøgsven"] : [],
                    "alternativeInterventions": considered, "interventions": xs, "visitationCommittee": committee,
                ]) else { break }
                if round == 1 && rng.chance(0.7) {
                    let status = rng.pick(["udarbejdet", "under_udarbejdelse"])
                    _ = add("action_plan", day, ["offered": true, "citizenWants": true, "status": status, "holisticOffered": false, "holisticCitizenWants": NSNull(),
                                                 "holisticStatus": NSNull(), "validUntil": status == "udarbejdet" ? day.adding(months: day.day % 2 == 0 ? 6 : 12).description : NSNull()])
                }
                // Decision: ~8 % refuse everything.
                day = later(5...30, &rng)
                let refuseAll = rng.chance(0.08)
                let granted = interventions.enumerated().filter { !refuseAll && ($0.offset == 0 || rng.chance(0.8)) }.map(\.element)
                let followUpDate = granted.isEmpty ? nil : granted[0].start.adding(months: 3)
                guard add("decision", day, [
                    "decisionId": "\(id)-D\(round)", "followUpDate": followUpDate?.description ?? NSNull(),
                    "items": interventions.map { x -> [String: Any] in
                        let ok = granted.contains { $0.key == x.key }
                        return ["interventionId": x.key, "outcome": ok ? "bevilget" : "afslaaet", "grantedUnitsPerPeriod": ok ? x.units as Any : NSNull(),
                                "grantParagraph": x.offer.legalBasis, "refusalReason": ok ? NSNull() : rng.pick(["ikke_i_personkredsen", "ikke_noedvendig"]) as Any]
                    },
                ]) else { break }
                if granted.isEmpty {
                    day = later(1...10, &rng)
                    _ = add("case_closed", day, ["reason": "afslag"])
                    break
                }
                // Order and delivery start.
                day = later(3...14, &rng)
                var orderKeys: [String: String] = [:]
                for x in granted {
                    seq += 1
                    orderKeys[x.key] = "\(id)-O\(seq)"
                    _ = add("order", day, ["orderId": "\(id)-O\(seq)", "interventionId": x.key, "providerId": x.provider.id, "offerId": x.offer.id,
                                           "pNumber": String(format: "10%08d", number * 7 % 100_000_000), "ean": ean(number), "providerAccount": "1234-\(x.offer.account)",
                                           "coPaymentOrePerMonth": 0, "coordinationNeeded": rng.chance(0.1),
                                           "contract": contract(order: "\(id)-O\(seq)", x, on: day, supplement: supplements[x.key] ?? 0)])
                }
                let documented = later(5...30, &rng)
                day = documented
                for x in granted {
                    _ = add("delivery_started", documented, ["interventionId": x.key, "interventionStartDate": max(documented.adding(days: -3), day).description,
                                                             "serviceStartDates": []])
                }
                // Hourly support: each month's delivered hours, reported at its end (from the month of the start).
                var hoursMonth = CalendarDate(year: documented.year, month: documented.month, day: 1)!
                func reportHours(until: CalendarDate) {
                    while true {
                        let end = hoursMonth.adding(months: 1).adding(days: -1)
                        guard end < until, end <= r else { return }
                        for x in granted where x.offer.kind == .hourly {
                            let factor = Decimal(Int.random(in: 7...11, using: &provider)) / 10
                            var delivered = x.units * factor, rounded = Decimal()
                            NSDecimalRound(&rounded, &delivered, 1, .plain)
                            _ = add("hours_delivered", end, ["orderId": orderKeys[x.key]!, "interventionId": x.key, "month": String(hoursMonth.description.prefix(7)),
                                                             "allocatedHoursPerWeek": x.units, "deliveredHoursPerWeek": rounded])
                        }
                        hoursMonth = hoursMonth.adding(months: 1)
                    }
                }
                // Follow-ups, on time or late, until something ends the case or the reference date is reached.
                var due = followUpDate!
                var cycle = 0
                let punctual = Int(holder.id.suffix(1)) ?? 1
                var revisit = false
                while !stopped && cycle < 5 {
                    cycle += 1
                    if rng.chance(0.1) {
                        let t = later(10...60, &rng)
                        if t < due {
                            day = t
                            _ = add("inquiry_received", day, ["origin": "henvendelse", "inquirer": rng.pick(inquirers), "subject": "markant_aendring"])
                            day = day.adding(days: 2)
                            followUpNo += 1
                            _ = add("follow_up", day, followUp("\(id)-F\(followUpNo)", held: day, type: "markant_aendring", granted: granted.map(\.key), next: due, goals: [], &rng))
                        }
                    }
                    let lateness = punctual % 2 == 0 ? Int.random(in: -5...25, using: &rng) : Int.random(in: -10...5, using: &rng)
                    let held = max(day.adding(days: 1), due.adding(days: lateness))
                    if held > r { stopped = true; break }
                    let since = day
                    day = held
                    reportHours(until: held)
                    // Now and then a use of force since the last follow-up, which that follow-up then records (ID 82).
                    var force = false
                    if provider.chance(0.08), since.adding(days: 1) < held.adding(days: -1) {
                        let on = since.adding(days: Int.random(in: 1...max(1, since.days(until: held) - 1), using: &provider))
                        if on < held {
                            force = true
                            _ = add("use_of_force", on, ["orderId": orderKeys[granted[0].key]!, "interventionId": granted[0].key, "providerId": granted[0].provider.id,
                                                         "kind": provider.pick(["fastholdelse", "foerelse_til_bolig", "tilbageholdelse_i_bolig", "personlig_alarm", "beskyttelsesmiddel"])])
                        }
                    }
                    let reportGoals = goals.map { $0["goalId"] as! String }.filter { !achieved.contains($0) }.map { goal -> [String: Any] in
                        ["goalId": goal, "providerLevel": level(&provider), "citizenView": provider.pick(["tilfreds", "delvist_tilfreds", "utilfreds"])]
                    }
                    _ = add("status_report", held.adding(days: -14) > documented ? held.adding(days: -14) : held,
                            ["orderId": orderKeys[granted[0].key]!, "interventionId": granted[0].key, "providerId": granted[0].provider.id, "goals": reportGoals,
                             "significantChanges": NSNull()])
                    let roll = Double.random(in: 0..<1, using: &rng)
                    let next = held.adding(months: cycle == 1 ? 3 : cycle == 2 ? 6 : 12)
                    let goalKeys = goals.map { $0["goalId"] as! String }
                    followUpNo += 1
                    if roll < 0.1 && cycle > 1 {
                        // Ended at the follow-up.
                        _ = add("follow_up", held, followUp("\(id)-F\(followUpNo)", held: held, type: "planlagt", force: force, granted: granted.map(\.key), next: nil, goals: goalKeys, status: codes.end, &rng))
                        day = held.adding(days: 14)
                        for x in granted { _ = add("intervention_ended", day, ["interventionId": x.key, "reason": "afsluttet_ved_opfoelgning"]) }
                        _ = add("case_closed", day, ["reason": "indsats_afsluttet"])
                        stopped = true
                    } else if roll < 0.18 && round == 1 {
                        // Ended and re-visited: a new recommendation, decision and order follow in the same case.
                        _ = add("follow_up", held, followUp("\(id)-F\(followUpNo)", held: held, type: "planlagt", force: force, granted: granted.map(\.key), next: nil, goals: goalKeys, status: codes.endAndRevisit, &rng))
                        day = held.adding(days: 7)
                        for x in granted { _ = add("intervention_ended", day, ["interventionId": x.key, "reason": "visiteret_til_ny"]) }
                        revisit = true
                        break
                    } else if roll < 0.23 {
                        // Moved away.
                        _ = add("follow_up", held, followUp("\(id)-F\(followUpNo)", held: held, type: "planlagt", force: force, granted: granted.map(\.key), next: next, goals: goalKeys, &rng))
                        day = held.adding(days: Int.random(in: 10...40, using: &rng))
                        for x in granted { _ = add("intervention_ended", day, ["interventionId": x.key, "reason": "fraflytning"]) }
                        _ = add("case_closed", day, ["reason": "fraflyttet"])
                        stopped = true
                    } else {
                        _ = add("follow_up", held, followUp("\(id)-F\(followUpNo)", held: held, type: "planlagt", force: force, granted: granted.map(\.key), next: next, goals: goalKeys, &rng))
                        if rng.chance(0.05) && !codes.targets.isEmpty {
                            day = held.adding(days: 1)
                            _ = add("target_groups_updated", day, ["targetGroups": [["code": rng.pick(codes.targets), "primary": true]]])
                        }
                        due = next
                    }
                }
                if !revisit { break }
            }
            pay()
            let sorted = events.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }
            let numbered = sorted.enumerated().map { (i, e) -> [String: Any] in
                var o = e.element.2
                o["eventId"] = String(format: "\(id)-E%03d", i + 1)
                return o
            }
            let sex = Int(cpr.suffix(1))! % 2 == 1 ? "M" : "K"
            return ["citizenId": id, "cpr": cpr, "givenName": Self.given[(number * 7) % Self.given.count], "familyName": Self.family[(number * 13) % Self.family.count],
                    "derivedForChecking": ["birthDate": birth.description, "sex": sex], "case": ["caseId": caseID, "events": numbered]]
        }

        static let given = ["Anna", "Bent", "Camilla", "Dennis", "Ella", "Finn", "Gitte", "Hans", "Ida", "Jens", "Karin", "Lars", "Maja", "Niels",
                            "Olivia", "Peter", "Rikke", "Søren", "Tina", "Ulrik", "Vibeke", "William", "Yasmin", "Ahmed", "Zofia", "Mikkel", "Louise"]
        static let family = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen",
                             "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen",
                             "Karimi", "Nowak", "Holm", "Østergaard", "Lund", "Bach", "Dahl"]
        static let goalTexts = ["Kan selv handle ind en gang om ugen", "Deltager i fællesspisning", "Holder styr på egen økonomi", "Tager selv bussen til arbejde",
                                "Har en fast døgnrytme", "Holder sin lejlighed ren", "Møder op til behandling", "Har kontakt med sin familie hver uge"]

        mutating func followUp(_ key: String, held: CalendarDate, type: String, force: Bool = false, granted: [String], next: CalendarDate?, goals: [String], status: String? = nil,
                               _ rng: inout SeededGenerator) -> [String: Any] {
            // The status is taken about two weeks before a planned meeting (the provider's report).
            let statusDate = type == "planlagt" ? max(held.adding(days: -14), events.first { $0.2["type"] as? String == "delivery_started" }?.0 ?? held) : held
            return [
                "followUpId": key, "followUpType": type, "statusDate": statusDate.description,
                "interventionStatuses": type == "planlagt" ? granted.map { ["interventionId": $0, "status": status ?? codes.keep] } : [],
                "nextFollowUpDate": next?.description ?? NSNull(),
                "goalDecisions": goals.filter { !achieved.contains($0) }.map { goal -> [String: Any] in
                    let decision = rng.pick(["fortsaet", "fortsaet", "juster", "afslut_opnaaet"])
                    if decision == "afslut_opnaaet" { achieved.insert(goal) }
                    return ["goalId": goal, "achievedLevel": level(&rng), "decision": decision]
                },
                "personalSupervision": rng.chance(0.7), "wellbeingProblems": rng.chance(0.15), "useOfForceSinceLast": force,
                "supportNeedBefore": rng.pick(codes.needs), "supportNeedAfter": rng.pick(codes.needs),
                "outcome": status == codes.endAndRevisit ? "aendret_indsats" : rng.pick(["uaendret", "uaendret", "aendret_maal"]),
            ]
        }

        /// An order's contract (format: `order.contract`): from the later of the expected start and the order date, for
        /// the recommended span; an internal provider at the offer's rate, an external one negotiated to between −3 % and
        /// +5 %; the recommendation's supplement, now and then halved. Its price by the formula (E1).
        mutating func contract(order: String, _ x: (key: String, offer: Offer, provider: Provider, reps: Int, units: Decimal, end: CalendarDate?, start: CalendarDate),
                               on day: CalendarDate, supplement recommended: Int) -> [String: Any] {
            let start = max(x.start, day)
            let end = x.end.map { start.adding(days: x.start.days(until: $0)) }
            let span = x.offer.kind == .temporaryResidential || x.offer.kind == .longResidential ? x.reps : 7 * x.reps
            let unitPrice = x.provider.kind == "internal" ? x.offer.unitPriceOre : x.offer.unitPriceOre * Int.random(in: 970...1050, using: &economy) / 1000
            let supplement = recommended > 0 && economy.chance(0.3) ? recommended / 2 : recommended
            let units = NSDecimalNumber(decimal: x.units * 100).intValue
            let price = (units * x.reps * unitPrice + 50) / 100 + supplement
            contracts.append((order, x.key, x.offer, start, end, span, units, unitPrice, supplement, price))
            let (unit, frequency) = switch x.offer.kind {
            case .hourly: ("time", "uge")
            case .day: ("dag", "uge")
            case .temporaryResidential, .longResidential: ("doegn", "doegn")
            }
            return ["startDate": start.description, "endDate": end?.description ?? NSNull(), "unit": unit, "unitsPerPeriod": x.units, "frequency": frequency,
                    "repetitions": x.reps, "unitPriceOre": unitPrice,
                    "supplements": supplement == 0 ? [] : [["description": "Særtakst i opstartsperioden", "amountOre": supplement]] as [[String: Any]],
                    "contractPriceOre": price]
        }

        /// The finance system's payments (format: `payment`): one per order and delivered month, from the delivery start to
        /// the intervention's end (or the case's closing, or the contract's end), booked at the month's end — the first no
        /// earlier than the start was documented, the last on the end day — and only when booked by the reference date.
        /// Hourly support: delivered hours (70–110 % of the granted) × days / 7 × the rate, plus the supplement's share;
        /// everything else: the contract price × days / span, day offers × an attendance of 85–100 %, and some residential
        /// offers +6 % from a month on.
        mutating func pay() {
            func date(_ type: String, _ key: String?) -> CalendarDate? {
                events.first { $0.2["type"] as? String == type && (key == nil || $0.2["interventionId"] as? String == key) }?.0
            }
            let closed = date("case_closed", nil)
            for c in contracts {
                guard let started = events.first(where: { $0.2["type"] as? String == "delivery_started" && $0.2["interventionId"] as? String == c.intervention }) else { continue }
                let documented = started.0, from = CalendarDate(started.2["interventionStartDate"] as! String)!
                let end = [date("intervention_ended", c.intervention), closed, c.end].compactMap { $0 }.min()
                let tariffFrom = c.offer.kind != .hourly && economy.chance(0.25) ? Int.random(in: 2...8, using: &economy) : nil
                var month = CalendarDate(year: from.year, month: from.month, day: 1)!, n = 0
                while end.map({ month <= $0 }) ?? true {
                    let last = month.adding(months: 1).adding(days: -1)
                    let first = max(from, month), through = end.map { min($0, last) } ?? last
                    let booked = max(documented, through == end ? through : last)
                    guard booked <= r, first <= through else { break }
                    let days = first.days(until: through) + 1
                    var amount: Int
                    switch c.offer.kind {
                    case .hourly:
                        let tenths = Int.random(in: 7...11, using: &economy)
                        amount = (c.units * tenths * days * c.unitPrice + 3_500) / 7_000 + c.supplement * days / c.span
                    case .day:
                        amount = (c.price - c.supplement) * days * Int.random(in: 85...100, using: &economy) / (c.span * 100) + c.supplement * days / c.span
                    case .temporaryResidential, .longResidential:
                        amount = c.price * days / c.span
                        if let t = tariffFrom, n >= t { amount = amount * 106 / 100 }
                    }
                    let key = String(month.description.prefix(7))
                    events.append((booked, Self.rank.firstIndex(of: "payment")!, ["type": "payment", "date": booked.description, "paymentId": "\(c.order)-\(key)",
                                                                                  "orderId": c.order, "interventionId": c.intervention, "month": key,
                                                                                  "accountNumber": c.offer.account, "amountOre": amount]))
                    month = month.adding(months: 1)
                    n += 1
                }
            }
        }

        /// A GS1 EAN-13 with a valid check digit.
        func ean(_ n: Int) -> String {
            let body = String(format: "579800%06d", n % 1_000_000)
            let digits = body.map { Int(String($0))! }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
            return body + String((10 - sum % 10) % 10)
        }
    }
}
