import CCairo

/// The font families a line of text asks Pango for: Roboto for Latin, Greek and Cyrillic (as the Python
/// original draws), and before it the Noto family of each other script in the text.
///
/// Without them, fontconfig's fallback for a bold "Roboto" request picks DejaVu Sans Bold for Arabic, Hebrew and
/// more, although Noto covers them. Families that are not installed are skipped by fontconfig, which then falls back
/// as before.
enum FontFamilies {
    /// The family of Latin, Greek and Cyrillic text, and the list for text in those scripts only.
    static let roboto = "Roboto"

    /// The Noto family for each ISO 15924 script code Roboto does not cover.
    static let notoFamilies: [String: String] = [
        "Arab": "Noto Sans Arabic", "Hebr": "Noto Sans Hebrew", "Deva": "Noto Sans Devanagari",
        "Beng": "Noto Sans Bengali", "Guru": "Noto Sans Gurmukhi", "Gujr": "Noto Sans Gujarati",
        "Orya": "Noto Sans Oriya", "Taml": "Noto Sans Tamil", "Telu": "Noto Sans Telugu",
        "Knda": "Noto Sans Kannada", "Mlym": "Noto Sans Malayalam", "Sinh": "Noto Sans Sinhala",
        "Thai": "Noto Sans Thai", "Laoo": "Noto Sans Lao", "Khmr": "Noto Sans Khmer", "Mymr": "Noto Sans Myanmar",
        "Tibt": "Noto Serif Tibetan", "Geor": "Noto Sans Georgian", "Armn": "Noto Sans Armenian",
        "Ethi": "Noto Sans Ethiopic", "Mong": "Noto Sans Mongolian", "Syrc": "Noto Sans Syriac",
        "Thaa": "Noto Sans Thaana", "Cher": "Noto Sans Cherokee", "Tfng": "Noto Sans Tifinagh",
        "Hang": "Noto Sans CJK KR", "Hira": "Noto Sans CJK JP", "Kana": "Noto Sans CJK JP",
        "Hani": "Noto Sans CJK SC", "Bopo": "Noto Sans CJK TC",
    ]

    /// Pango's comma-separated family list for `text`: the Noto families of its scripts in order of first
    /// appearance, then Roboto.
    ///
    /// Japanese kana anywhere in the text puts the Japanese CJK font first, so that the Han characters of 東京
    /// take Japanese forms; Hangul likewise puts the Korean one first.
    static func list(for text: String) -> String {
        var families: [String] = []
        for scalar in text.unicodeScalars {
            let code = scriptCode(scalar)
            guard let family = notoFamilies[code], !families.contains(family) else { continue }
            families.append(family)
        }
        for preferred in ["Noto Sans CJK KR", "Noto Sans CJK JP"] where families.contains(preferred) {
            families.removeAll { $0 == preferred }
            families.insert(preferred, at: 0)
        }
        return (families + [roboto]).joined(separator: ",")
    }

    /// The ISO 15924 code of the script `scalar` belongs to, e.g. `"Arab"`; `"Zyyy"` for punctuation and digits.
    static func scriptCode(_ scalar: Unicode.Scalar) -> String {
        let tag = g_unicode_script_to_iso15924(g_unichar_get_script(gunichar(scalar.value)))
        let bytes = [24, 16, 8, 0].map { UInt8((tag >> $0) & 0xFF) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
