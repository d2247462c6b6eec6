import Foundation

/// `functional_level_history.level` is a floating-point column (migration M005). A level is a decimal with at
/// most two places between 0 and 4, so it survives the column exactly when written as the double nearest to
/// it and read back as the shortest decimal that prints as that double. This is the one place a level passes
/// through `Double`; no arithmetic is done on the column's value.
package enum LevelColumn {
    package static func value(_ level: Decimal) -> Double { NSDecimalNumber(decimal: level).doubleValue }
    package static func decimal(_ stored: Double) -> Decimal {
        Decimal(string: "\(stored)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(stored)
    }
}
