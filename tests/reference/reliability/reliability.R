# Reference values for mcstats' reliability coefficients, computed with R (psych, GPArotation,
# mnormt). Nothing here uses mcstats.
#
#   Rscript tests/reference/reliability/reliability.R      (from anywhere)
#
# Reads the reference datasets of tests/reference/datasets (manifest.json; the codes file for
# ds4), recodes reverse-keyed items (points + 1 - x), and writes
# tests/reference/reliability/expected.json with numbers at 17 significant digits.
# Needs: apt-get install r-base-core r-cran-psych r-cran-gparotation r-cran-jsonlite
# (psych depends on mnormt). See tests/reference/reliability/README.md for the structure.

suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
})

args_all <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(file_arg)) dirname(normalizePath(file_arg)) else normalizePath("tests/reference/reliability")
ds_dir <- file.path(dirname(here), "datasets")

# ---------------------------------------------------------------- JSON writer (17 digits)
json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}
json_num <- function(x) {
  if (is.na(x)) return("null")
  if (is.infinite(x)) return(if (x > 0) "\"Infinity\"" else "\"-Infinity\"")
  if (is.integer(x)) return(as.character(x))
  sprintf("%.17g", x)
}
jarray <- function(x) structure(as.list(x), class = "jarray")
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (inherits(x, "jarray")) {
    x <- unclass(x)
    if (length(x) == 0) return("[]")
    parts <- vapply(x, to_json, character(1), indent = indent + 1)
    if (all(vapply(x, function(e) is.atomic(e) && length(e) == 1, logical(1)))) {
      return(paste0("[", paste(parts, collapse = ", "), "]"))
    }
    return(paste0("[\n", paste0(pad1, parts, collapse = ",\n"), "\n", pad, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return("{}")
    nm <- names(x)
    parts <- vapply(seq_along(x), function(i) paste0(pad1, json_str(nm[i]), ": ", to_json(x[[i]], indent + 1)),
                    character(1))
    return(paste0("{\n", paste(parts, collapse = ",\n"), "\n", pad, "}"))
  }
  if (length(x) != 1) return(to_json(jarray(x), indent))
  if (is.character(x)) return(if (is.na(x)) "null" else json_str(x))
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  json_num(x)
}
named <- function(values, nms) { out <- as.list(unname(values)); names(out) <- nms; out }

quiet <- function(expr) suppressWarnings(suppressMessages(expr))

# ---------------------------------------------------------------- coefficients
# omega total of a correlation matrix: psych::omega(R, nfactors = 1, flip = FALSE), jamovi's call.
omega1 <- function(R) {
  o <- quiet(psych::omega(R, nfactors = 1, flip = FALSE, plot = FALSE))
  h2 <- o$schmid$sl[, "h2"]
  list(omega = o$omega.tot, heywood = any(h2 > 0.995), loadings = o$schmid$sl[, 1])
}

split_by_hand <- function(C, first) {
  k <- ncol(C)
  a <- seq_len(k) %in% first
  va <- sum(C[a, a]); vb <- sum(C[!a, !a]); cab <- sum(C[a, !a])
  r <- cab / sqrt(va * vb)
  list(first_half = jarray(colnames(C)[a]), second_half = jarray(colnames(C)[!a]),
       r = r, spearman_brown = 2 * r / (1 + r), guttman = 4 * cab / sum(C))
}

block <- function(x, rule) {
  # x: data frame of the reverse-keyed items of one scale, NA for missing.
  k <- ncol(x)
  items <- colnames(x)
  if (rule == "listwise") {
    d <- na.omit(x)
    C <- cov(d)
    N <- matrix(nrow(d), k, k)
    a <- quiet(psych::alpha(as.data.frame(d), check.keys = FALSE, warnings = FALSE))
    means <- colMeans(d)
  } else {
    d <- x
    C <- cov(x, use = "pairwise")
    ok <- !is.na(as.matrix(x))
    N <- crossprod(ok)
    a <- quiet(psych::alpha(as.data.frame(x), check.keys = FALSE, warnings = FALSE))  # use = "pairwise"
    means <- colMeans(x, na.rm = TRUE)
    stopifnot(isTRUE(all.equal(a$total$raw_alpha, (1 - sum(diag(C)) / sum(C)) * k / (k - 1), tolerance = 1e-13)))
  }
  n_used <- min(N)
  R <- cov2cor(C)
  s_cov <- psych::splitHalf(C, covar = TRUE, check.keys = FALSE)
  s_cor <- psych::splitHalf(C, covar = FALSE, check.keys = FALSE)
  stopifnot(isTRUE(all.equal(s_cor$lambda6, a$total[["G6(smc)"]], tolerance = 1e-12)))
  om <- omega1(R)
  om_drop <- if (k >= 4) sapply(seq_len(k), function(i) omega1(R[-i, -i])$omega) else rep(NA_real_, k)
  feldt <- psych::alpha.ci(a$total$raw_alpha, n_used, k)
  ase <- quiet(psych::alpha(C, n.obs = n_used, warnings = FALSE))$total$ase
  z <- qnorm(0.975)
  itm <- list()
  for (j in seq_len(k)) {
    itm[[items[j]]] <- list(
      corrected_item_total_r = a$item.stats[items[j], "r.drop"],
      alpha_if_deleted = a$alpha.drop[items[j], "raw_alpha"],
      scale_mean_if_deleted = sum(means[-j]),
      scale_variance_if_deleted = sum(C[-j, -j]),
      smc = unname(psych::smc(R)[j]),
      omega_if_deleted = om_drop[j],
      loading = unname(om$loadings[j]) * sign(sum(om$loadings)),
      n_min = as.integer(min(N[j, -j])),
      n_max = as.integer(max(N[j, -j]))
    )
  }
  odd <- seq(1, k, by = 2)
  first <- seq_len(ceiling(k / 2))
  out <- list(
    n = as.integer(n_used),
    n_pairwise_min = as.integer(min(N)),
    n_pairwise_max = as.integer(max(N)),
    alpha = a$total$raw_alpha,
    alpha_standardized = a$total$std.alpha,
    mean_inter_item_r = a$total$average_r,
    lambda2 = s_cov$lambda2,
    lambda6 = s_cov$lambda6,
    lambda2_standardized = s_cor$lambda2,
    lambda6_standardized = s_cor$lambda6,
    omega_total = om$omega,
    omega_heywood = om$heywood,
    feldt = jarray(c(feldt$lower.ci[[1]], feldt$upper.ci[[1]])),
    duhachek_se = ase,
    duhachek = jarray(a$total$raw_alpha + c(-1, 1) * z * ase),
    split_half = list(odd_even = split_by_hand(C, odd), first_second = split_by_hand(C, first)),
    items = itm
  )
  if (rule == "listwise") {
    # Cross-checks: half-score correlations from the data; psych::omega on the raw data with
    # its default flip = TRUE (equal to the above when every loading is positive).
    for (nm in names(out$split_half)) {
      a_idx <- if (nm == "odd_even") odd else first
      r_data <- cor(rowSums(d[, a_idx, drop = FALSE]), rowSums(d[, -a_idx, drop = FALSE]))
      stopifnot(isTRUE(all.equal(r_data, out$split_half[[nm]]$r, tolerance = 1e-12)))
    }
    out$omega_total_psych_default <- quiet(psych::omega(d, nfactors = 1, plot = FALSE))$omega.tot
  }
  out
}

ordinal_block <- function(x, rule) {
  d <- if (rule == "listwise") na.omit(x) else x
  m <- as.matrix(d)
  shifted <- m - min(m, na.rm = TRUE) + 1
  xmax <- apply(shifted, 2, max, na.rm = TRUE)
  pc <- quiet(psych::polychoric(d))
  rho <- pc$rho
  om <- omega1(rho)
  k <- ncol(rho)
  rho_list <- lapply(seq_len(k), function(i) named(rho[i, ], colnames(rho)))
  names(rho_list) <- colnames(rho)
  list(
    global_thresholds = min(xmax) == max(xmax),
    alpha = quiet(psych::alpha(rho, warnings = FALSE))$total$raw_alpha,
    omega_total = om$omega,
    omega_heywood = om$heywood,
    polychoric = rho_list
  )
}

scale_entry <- function(x) {
  entry <- list(items = jarray(colnames(x)), listwise = block(x, "listwise"),
                ordinal_listwise = ordinal_block(x, "listwise"))
  if (anyNA(x)) {
    entry$pairwise <- block(x, "pairwise")
    entry$ordinal_pairwise <- ordinal_block(x, "pairwise")
  }
  entry
}

# ---------------------------------------------------------------- bivariate normal grid
bvn <- list()
for (h in c(-2.3, -0.7, 0, 0.4, 1.9)) for (kk in c(-1.1, 0.2, 2.5)) for (r in c(-0.97, -0.5, 0, 0.3, 0.93, 0.995)) {
  S <- matrix(c(1, r, r, 1), 2)
  bvn[[length(bvn) + 1]] <- list(h = h, k = kk, r = r, p = mnormt::pmnorm(c(h, kk), varcov = S))
}

# ---------------------------------------------------------------- main loop
manifest <- jsonlite::fromJSON(file.path(ds_dir, "manifest.json"), simplifyVector = FALSE)$datasets
out <- list(
  generator = "tests/reference/reliability/reliability.R",
  versions = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                  GPArotation = as.character(packageVersion("GPArotation")),
                  mnormt = as.character(packageVersion("mnormt"))),
  bivariate_normal = jarray(bvn),
  datasets = list()
)
for (name in names(manifest)) {
  m <- manifest[[name]]
  file <- if (!is.null(m$codes_file)) m$codes_file else m$file
  df <- read.csv(file.path(ds_dir, file), na.strings = c(""), stringsAsFactors = FALSE, check.names = FALSE)
  P <- m$scale_points
  rev_items <- unlist(m$reverse)
  raw <- df
  for (it in rev_items) df[[it]] <- P + 1 - df[[it]]
  scales <- list()
  for (sc in names(m$scales)) {
    items <- unlist(m$scales[[sc]])
    entry <- scale_entry(df[, items, drop = FALSE])
    if (length(intersect(items, rev_items))) {
      # The same scale with the reverse-keys forgotten: psych's r.drop for the negative-item flag.
      a <- quiet(psych::alpha(na.omit(raw[, items, drop = FALSE]), check.keys = FALSE, warnings = FALSE))
      entry$unreversed <- list(corrected_item_total_r = named(a$item.stats[, "r.drop"], items))
    }
    scales[[sc]] <- entry
  }
  out$datasets[[name]] <- scales
}

# ---------------------------------------------------------------- derived datasets
# ds1 scale A with A1's top answer (4) recoded to 3: the items then differ in their highest
# observed code, so psych::polychoric switches to per-pair thresholds (global = FALSE).
ds1 <- read.csv(file.path(ds_dir, "ds1_4pt_complete.csv"), stringsAsFactors = FALSE)
a_items <- paste0("A", 1:5)
collapsed <- ds1[, a_items]
collapsed$A1 <- pmin(collapsed$A1, 3)
out$variants <- list(ds1_A_top_collapsed = scale_entry(collapsed))
# Six respondents whose one-factor model has a Heywood case (heywood.csv beside this script).
hey <- read.csv(file.path(here, "heywood.csv"), stringsAsFactors = FALSE)
out$variants$heywood <- list(listwise = block(hey[, -1], "listwise"))

path <- file.path(here, "expected.json")
writeLines(to_json(out), path)
cat("wrote", path, "\n")
