#Requires -Version 7.2
<#
.SYNOPSIS
    Builds the module's help from docs/*.md: Hyper3D.dll-Help.xml (MAML) and about_*.help.txt.
.DESCRIPTION
    The Markdown pages (layout in docs/README.md) hold the words: synopsis, description, examples, parameter
    descriptions, inputs, outputs, notes, links. Everything the code already knows (syntax per parameter set,
    types, required, position, pipeline input, aliases, enum values, ranges, defaults) is read from the built
    module at run time, in a child pwsh so this process never loads the module's assembly.
    It throws, listing every problem, when a cmdlet has no page, a page lacks a section, a parameter is
    undocumented or documented but not real, a cmdlet has fewer than two examples, or inputs/outputs disagree
    with the code.
.EXAMPLE
    dotnet pwsh ./docs/Build-Help.ps1 -DocsPath ./docs -OutputPath ./out/Hyper3D/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    # The built module's manifest; by default the one beside the culture folder (<OutputPath>/../*.psd1).
    [string] $ModuleManifest
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:SectionOrder = @('SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:Problems = [System.Collections.Generic.List[string]]::new()
$script:Ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

function Add-Problem([string] $File, [string] $Message) {
    $script:Problems.Add("$([IO.Path]::GetFileName($File)): $Message")
}

#region Metadata from the built module

# Runs in a child pwsh: imports the module and describes each cmdlet as JSON.
$script:MetadataScript = {
    $ErrorActionPreference = 'Stop'
    try {
        $module = Import-Module -Name $ManifestPath -PassThru -Force
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $commands = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
            $instance = try { [Activator]::CreateInstance($command.ImplementingType) } catch { $null }
            $parameters = foreach ($p in $command.Parameters.Values) {
                if ($p.Name -in $common) { continue }
                $type = $p.ParameterType
                $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
                $values = @(if ($element.IsEnum) { [Enum]::GetNames($element) })
                $set = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
                if ($set) { $values = @($set.ValidValues) }
                $range = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] } | Select-Object -First 1
                $default = 'None'
                if ($type -eq [switch]) { $default = 'False' }
                elseif ($instance -and $instance.PSObject.Properties[$p.Name]) {
                    $value = $instance.($p.Name)
                    # A time left at its MinValue means "not given" (01/01/0001 would read as a real date).
                    $unset = ($value -is [datetimeoffset] -and $value -eq [datetimeoffset]::MinValue) -or ($value -is [datetime] -and $value -eq [datetime]::MinValue)
                    if ($null -ne $value -and "$value" -ne '' -and -not $unset) { $default = ($value | ForEach-Object { "$_" }) -join ', ' }
                }
                [ordered]@{
                    Name          = $p.Name
                    TypeName      = $type.Name
                    TypeFullName  = $type.FullName
                    IsSwitch      = $type -eq [switch]
                    IsArray       = $type.IsArray
                    Values        = $values
                    RangeMin      = if ($range) { "$($range.MinRange)" } else { $null }
                    RangeMax      = if ($range) { "$($range.MaxRange)" } else { $null }
                    Default       = $default
                    Aliases       = @($p.Aliases)
                    SupportsWildcards = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    Sets          = @(foreach ($s in $command.ParameterSets) {
                            $sp = $s.Parameters | Where-Object Name -EQ $p.Name
                            if ($sp) {
                                [ordered]@{
                                    Set = $s.Name; Mandatory = $sp.IsMandatory; Position = $sp.Position
                                    ByValue = $sp.ValueFromPipeline; ByPropertyName = $sp.ValueFromPipelineByPropertyName
                                }
                            }
                        })
                }
            }
            [ordered]@{
                Name        = $command.Name
                Verb        = $command.Verb
                Noun        = $command.Noun
                Parameters  = @($parameters)
                Sets        = @(foreach ($s in $command.ParameterSets | Sort-Object { -not $_.IsDefault }) {
                        [ordered]@{ Name = $s.Name; Parameters = @($s.Parameters | Where-Object Name -NotIn $common | ForEach-Object Name) }
                    })
                OutputTypes = @($command.OutputType | ForEach-Object { $_.Type.FullName ?? $_.Name } | Where-Object { $_ -and $_ -ne 'System.Void' })
            }
        }
        ConvertTo-Json -InputObject @($commands) -Depth 10 -Compress
    }
    catch {
        [Console]::Error.WriteLine("Could not read the module's metadata: $_")
        exit 1
    }
}

function Get-PwshInvocation {
    # The pwsh running this script: pwsh(.exe) itself, or `dotnet pwsh.dll` when run as a .NET local tool.
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -like 'pwsh*') { return , @($exe) }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet' -and (Test-Path $dll)) { return , @($exe, $dll) }
    $found = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { return , @($found.Source) }
    throw "Cannot find pwsh to read the module's metadata in a child process."
}

function Get-ModuleMetadata([string] $Manifest) {
    $code = "`$ManifestPath = '$($Manifest -replace "'", "''")'`n" + $script:MetadataScript.ToString()
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($code))
    $pwsh = Get-PwshInvocation
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    $json = & $pwsh[0] @arguments
    if ($LASTEXITCODE -ne 0) { throw "Reading the metadata of $Manifest failed (exit code $LASTEXITCODE)." }
    return @(($json -join "`n") | ConvertFrom-Json)
}

#endregion

#region Markdown

# The pages are read with PowerShell's own Markdown parser (ConvertFrom-Markdown, Markdig): its .Tokens tree gives
# headings, paragraphs, lists, code and tables as they render, so the help says what the page shows.
# Markdig's blocks are lists themselves: they are kept in List[object] and returned with ',' so the pipeline never
# unrolls one into its children.

# Inlines -> plain text: `code` -> code, **bold** -> bold, [text](url) -> text (url), [text](topic) -> text.
function ConvertFrom-Inline($Container) {
    $text = [System.Text.StringBuilder]::new()
    for ($inline = $Container.FirstChild; $null -ne $inline; $inline = $inline.NextSibling) {
        # if/elseif, not switch: switch would enumerate a container inline's children.
        $piece = if ($inline -is [Markdig.Syntax.Inlines.LiteralInline]) { $inline.Content.ToString() }
        elseif ($inline -is [Markdig.Syntax.Inlines.CodeInline]) { $inline.Content }
        elseif ($inline -is [Markdig.Syntax.Inlines.LineBreakInline]) { ' ' }
        elseif ($inline -is [Markdig.Syntax.Inlines.AutolinkInline]) { $inline.Url }
        elseif ($inline -is [Markdig.Syntax.Inlines.HtmlEntityInline]) { $inline.Transcoded.ToString() }
        # Help is plain text: what reads like an HTML tag (<TaskUuid>) is text a reader must see as written.
        elseif ($inline -is [Markdig.Syntax.Inlines.HtmlInline]) { $inline.Tag }
        # An unmatched [ or * is text too: the delimiter itself, then whatever followed it.
        elseif ($inline -is [Markdig.Syntax.Inlines.DelimiterInline]) { $inline.ToLiteral() + (ConvertFrom-Inline $inline) }
        elseif ($inline -is [Markdig.Syntax.Inlines.LinkInline]) {
            $label = ConvertFrom-Inline $inline
            # A bare address that Markdig made a link (IsAutoLink) already shows its target.
            if ($inline.Url -match '^https?://' -and -not $inline.IsAutoLink -and $label -ne $inline.Url) { "$label ($($inline.Url))" } else { $label }
        }
        elseif ($inline -is [Markdig.Syntax.Inlines.ContainerInline]) { ConvertFrom-Inline $inline }
        # A kind of text this converter does not know would print as its type name: the build fails instead.
        else { throw "Line $($inline.Line + 1): Markdown inline $($inline.GetType().Name) has no help text conversion." }
        [void]$text.Append($piece)
    }
    return $text.ToString().Trim()
}

function Get-BlockText($Block) {
    if ($Block -is [Markdig.Syntax.LeafBlock] -and $null -ne $Block.Inline) { return ConvertFrom-Inline $Block.Inline }
    return ''
}

# Markdig blocks -> @{ Kind = 'Para' | 'List' | 'Code' | 'Table'; Lines = [string[]] } (inline markup removed, except in code).
function ConvertTo-Block($Blocks) {
    $result = [System.Collections.Generic.List[object]]::new()
    foreach ($block in $Blocks) {
        if ($block -is [Markdig.Syntax.ParagraphBlock]) {
            $result.Add(@{ Kind = 'Para'; Lines = [string[]]@(Get-BlockText $block) })
        }
        elseif ($block -is [Markdig.Syntax.ListBlock]) {
            $items = foreach ($item in $block) { (@(foreach ($child in $item) { Get-BlockText $child }) | Where-Object { $_ }) -join ' ' }
            $result.Add(@{ Kind = 'List'; Lines = [string[]]@($items) })
        }
        elseif ($block -is [Markdig.Syntax.CodeBlock]) {
            $result.Add(@{ Kind = 'Code'; Lines = [string[]]@($block.Lines.ToString() -split "`r?`n") })
        }
        elseif ($block -is [Markdig.Syntax.HtmlBlock]) {
            $result.Add(@{ Kind = 'Para'; Lines = [string[]]@(($block.Lines.ToString() -split "`r?`n") -join ' ') })
        }
        elseif ($block -is [Markdig.Syntax.QuoteBlock]) {
            foreach ($inner in (ConvertTo-Block $block)) { $result.Add($inner) }
        }
        elseif ($block -is [Markdig.Extensions.Tables.Table]) {
            $rows = foreach ($row in $block) {
                '| ' + (@(foreach ($cell in $row) { (@(foreach ($child in $cell) { Get-BlockText $child }) -join ' ') }) -join ' | ') + ' |'
                if ($row.IsHeader) { '|' + (@(foreach ($cell in $row) { '---' }) -join '|') + '|' }
            }
            $result.Add(@{ Kind = 'Table'; Lines = [string[]]@($rows) })
        }
        elseif ($block -isnot [Markdig.Syntax.LinkReferenceDefinitionGroup]) {
            throw "Line $($block.Line + 1): Markdown block $($block.GetType().Name) has no help text conversion."
        }
    }
    return , $result
}

# Blocks -> MAML paragraphs: a paragraph each, a list item each ("- text"), a code block or table as one verbatim paragraph.
function ConvertTo-Paragraph($Blocks) {
    $paragraphs = foreach ($block in (ConvertTo-Block $Blocks)) {
        switch ($block.Kind) {
            'Para' { $block.Lines[0] }
            'List' { foreach ($item in $block.Lines) { "- $item" } }
            default { ($block.Lines | ForEach-Object { "    $_" }) -join "`n" }
        }
    }
    return , @($paragraphs)
}

# A file -> @{ Title; Sections = ordered name -> blocks }, checking the level-1/level-2 layout.
function Read-MarkdownFile([string] $Path) {
    $document = (ConvertFrom-Markdown -LiteralPath $Path).Tokens
    $title = $null
    $sections = [ordered]@{}
    $current = $null
    foreach ($block in $document) {
        if ($block -is [Markdig.Syntax.LinkReferenceDefinitionGroup]) { continue }
        if ($block -is [Markdig.Syntax.HeadingBlock] -and $block.Level -le 2) {
            $name = Get-BlockText $block
            if ($block.Level -eq 1) {
                if ($title) { Add-Problem $Path "a second level-1 heading '# $name'." }
                $title = $name
                continue
            }
            if ($sections.Contains($name)) { Add-Problem $Path "section '## $name' appears twice." }
            $current = [System.Collections.Generic.List[object]]::new()
            $sections[$name] = $current
            continue
        }
        if ($null -ne $current) { $current.Add($block) }
        elseif (-not $title) { Add-Problem $Path "text before the '# title' line (line $($block.Line + 1))." }
    }
    return @{ Title = $title; Sections = $sections }
}

# Section blocks -> @( @{ Heading; Blocks } ) per '### ' subsection; blocks before the first one are returned as Preamble.
function Split-Subsection($Blocks) {
    $preamble = [System.Collections.Generic.List[object]]::new()
    $subsections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    foreach ($block in $Blocks) {
        if ($block -is [Markdig.Syntax.HeadingBlock] -and $block.Level -eq 3) {
            $current = @{ Heading = Get-BlockText $block; Blocks = [System.Collections.Generic.List[object]]::new() }
            $subsections.Add($current)
            continue
        }
        if ($current) { $current.Blocks.Add($block) } else { $preamble.Add($block) }
    }
    return @{ Preamble = $preamble; Items = $subsections.ToArray() }
}

function Test-HasText($Blocks) { return $null -ne $Blocks -and $Blocks.Count -gt 0 }

# A cmdlet page -> an object with the words, adding a problem for each rule broken.
function Read-CommandDoc([string] $Path) {
    $file = Read-MarkdownFile $Path
    $sections = $file.Sections
    $expectedName = [IO.Path]::GetFileNameWithoutExtension($Path)
    if ($file.Title -ne $expectedName) { Add-Problem $Path "the first line must be '# $expectedName' (found '$($file.Title)')." }

    $present = @($sections.Keys)
    foreach ($name in $present) {
        if ($name -notin $script:SectionOrder) { Add-Problem $Path "unknown section '## $name' (allowed: $($script:SectionOrder -join ', '))." }
    }
    foreach ($name in $script:SectionOrder) {
        if ($name -notin $present) { Add-Problem $Path "missing section '## $name'." }
        elseif ($name -ne 'PARAMETERS' -and -not (Test-HasText $sections[$name])) { Add-Problem $Path "section '## $name' is empty." }
    }
    $known = @($present | Where-Object { $_ -in $script:SectionOrder })
    $expectedOrder = @($script:SectionOrder | Where-Object { $_ -in $known })
    if (($known -join '|') -ne ($expectedOrder -join '|')) { Add-Problem $Path "sections must come in this order: $($script:SectionOrder -join ', ')." }
    $get = { param($n) if ($sections.Contains($n)) { , $sections[$n] } else { , [System.Collections.Generic.List[object]]::new() } }

    $doc = @{
        Path        = $Path
        Name        = $file.Title
        Synopsis    = (ConvertTo-Paragraph (& $get 'SYNOPSIS')) -join ' '
        Description = ConvertTo-Paragraph (& $get 'DESCRIPTION')
        Notes       = ConvertTo-Paragraph (& $get 'NOTES')
        Examples    = [System.Collections.Generic.List[object]]::new()
        Parameters  = [ordered]@{}
        Inputs      = [System.Collections.Generic.List[object]]::new()
        Outputs     = [System.Collections.Generic.List[object]]::new()
        Links       = [System.Collections.Generic.List[object]]::new()
    }

    $examples = Split-Subsection (& $get 'EXAMPLES')
    if (Test-HasText $examples.Preamble) { Add-Problem $Path "text in EXAMPLES before the first '### Example 1: title'." }
    $number = 0
    foreach ($item in $examples.Items) {
        $number++
        if ($item.Heading -notmatch '^Example (\d+): (.+)$' -or [int]$Matches[1] -ne $number) {
            Add-Problem $Path "example heading '### $($item.Heading)' must read '### Example ${number}: <title>'."
            continue
        }
        $title = $Matches[2].Trim()
        $code = $item.Blocks[0]
        if ($item.Blocks.Count -lt 2 -or $code -isnot [Markdig.Syntax.FencedCodeBlock] -or $code.Info -ne 'powershell') {
            Add-Problem $Path "Example ${number} must be a '``````powershell' block followed by remarks."
            continue
        }
        $doc.Examples.Add(@{
                Title   = "Example ${number}: $title"
                Code    = $code.Lines.ToString().TrimEnd()
                Remarks = ConvertTo-Paragraph $item.Blocks.GetRange(1, $item.Blocks.Count - 1)
            })
    }
    if ($doc.Examples.Count -lt 2) { Add-Problem $Path "needs at least two examples (has $($doc.Examples.Count))." }

    $parameters = Split-Subsection (& $get 'PARAMETERS')
    if (Test-HasText $parameters.Preamble) { Add-Problem $Path "text in PARAMETERS outside a '### -Name' subsection." }
    foreach ($item in $parameters.Items) {
        if ($item.Heading -notmatch '^-(\w+)$') { Add-Problem $Path "parameter heading '### $($item.Heading)' must read '### -Name'."; continue }
        $name = $Matches[1]
        if ($doc.Parameters.Contains($name)) { Add-Problem $Path "parameter -$name is documented twice."; continue }
        $default = $null
        $body = [System.Collections.Generic.List[object]]::new()
        foreach ($block in $item.Blocks) {
            if ($block -is [Markdig.Syntax.ParagraphBlock] -and (Get-BlockText $block) -match '^Default value:\s*(.+)$') { $default = $Matches[1].Trim() }
            else { $body.Add($block) }
        }
        $paragraphs = ConvertTo-Paragraph $body
        if (-not $paragraphs) { Add-Problem $Path "parameter -$name has no description." }
        $doc.Parameters[$name] = @{ Description = $paragraphs; Default = $default }
    }

    foreach ($pair in @(@('INPUTS', $doc.Inputs), @('OUTPUTS', $doc.Outputs))) {
        $split = Split-Subsection (& $get $pair[0])
        if (Test-HasText $split.Preamble) { Add-Problem $Path "text in $($pair[0]) outside a '### Type.Name' subsection." }
        foreach ($item in $split.Items) {
            $pair[1].Add(@{ Type = $item.Heading; Description = ConvertTo-Paragraph $item.Blocks })
        }
    }

    # Each related link is a list item holding one link and nothing else. (Assignments, not statement output:
    # a LinkInline is a list of its own inlines and the pipeline would unroll it.)
    foreach ($block in (& $get 'RELATED LINKS')) {
        $items = [System.Collections.Generic.List[object]]::new()
        if ($block -is [Markdig.Syntax.ListBlock]) { foreach ($item in $block) { $items.Add($item) } } else { $items.Add($null) }
        foreach ($item in $items) {
            $link = $null
            if ($null -ne $item -and $item.Count -eq 1 -and $item[0] -is [Markdig.Syntax.ParagraphBlock]) { $link = $item[0].Inline.FirstChild }
            if ($link -is [Markdig.Syntax.Inlines.LinkInline] -and $null -eq $link.NextSibling -and -not $link.IsImage) {
                $doc.Links.Add(@{ Text = ConvertFrom-Inline $link; Target = $link.Url })
            }
            else { Add-Problem $Path "related link at line $($block.Line + 1) must read '- [text](target)'." }
        }
    }
    return $doc
}

#endregion

#region Checks against the module

function Test-CommandDoc($Doc, $Command, [string[]] $Topics) {
    $path = $Doc.Path
    $documented = @($Doc.Parameters.Keys)
    $actual = @($Command.Parameters | ForEach-Object Name)
    foreach ($name in $actual) {
        if ($name -notin $documented) { Add-Problem $path "parameter -$name of $($Command.Name) is not documented (add '### -$name' under PARAMETERS)." }
    }
    foreach ($name in $documented) {
        if ($name -cnotin $actual) { Add-Problem $path "documents -$name, which $($Command.Name) does not have (parameters: $($actual -join ', '))." }
    }

    $inputs = @($Doc.Inputs | ForEach-Object { $_.Type })
    $piped = @($Command.Parameters | Where-Object { $_.Sets | Where-Object { $_.ByValue -or $_.ByPropertyName } } | ForEach-Object TypeFullName | Select-Object -Unique)
    if ($piped.Count -eq 0 -and ($inputs -join '|') -ne 'None') { Add-Problem $path "takes no pipeline input, so INPUTS must be the single '### None'." }
    foreach ($type in $piped) {
        if ($type -notin $inputs) { Add-Problem $path "INPUTS does not name $type, the type of a parameter that takes pipeline input." }
    }

    $outputs = @($Doc.Outputs | ForEach-Object { $_.Type })
    $declared = @($Command.OutputTypes)
    if ($declared.Count -eq 0 -and ($outputs -join '|') -ne 'None') { Add-Problem $path "declares no [OutputType], so OUTPUTS must be the single '### None'." }
    foreach ($type in $declared) {
        if ($type -notin $outputs) { Add-Problem $path "OUTPUTS does not name $type, declared by [OutputType]." }
    }
    foreach ($type in $outputs) {
        if ($type -ne 'None' -and $type -notin $declared) { Add-Problem $path "OUTPUTS names $type, which [OutputType] does not declare ($($declared -join ', '))." }
    }

    foreach ($link in $Doc.Links) {
        if ($link.Target -notmatch '^https?://' -and $link.Target -notin $Topics) {
            Add-Problem $path "related link target '$($link.Target)' is neither a URL nor a cmdlet or about topic of the module."
        }
    }
}

#endregion

#region MAML

function Write-Para([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $p) }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $script:Ns.maml)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Get-PipelineInput($Parameter) {
    $byValue = [bool]($Parameter.Sets | Where-Object ByValue)
    $byName = [bool]($Parameter.Sets | Where-Object ByPropertyName)
    $kinds = @(if ($byValue) { 'ByValue' }; if ($byName) { 'ByPropertyName' })
    if ($kinds) { return "True ($($kinds -join ', '))" } else { return 'False' }
}

function Get-Position($SetInfo) {
    if ($SetInfo.Position -lt 0) { return 'named' } else { return "$($SetInfo.Position)" }
}

# One <command:parameter>; $SetInfo is the parameter in one set (syntax) or the first set it appears in (parameters).
function Write-MamlParameter([System.Xml.XmlWriter] $Writer, $Parameter, $SetInfo, [string[]] $Description, [string] $Default, [switch] $Syntax) {
    $Writer.WriteStartElement('command', 'parameter', $script:Ns.command)
    $required = if ($Syntax) { [bool]$SetInfo.Mandatory } else { -not ($Parameter.Sets | Where-Object { -not $_.Mandatory }) }
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([bool]$Parameter.IsArray).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([bool]$Parameter.SupportsWildcards).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', (Get-Position $SetInfo))
    $aliases = if ($Parameter.Aliases) { $Parameter.Aliases -join ', ' } else { 'none' }
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Parameter.Name)
    Write-Description $Writer $Description
    if ($Parameter.Values) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:Ns.command)
        foreach ($value in $Parameter.Values) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not $Parameter.IsSwitch -or -not $Syntax) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
        $Writer.WriteAttributeString('required', (-not $Parameter.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([bool]$Parameter.IsArray).ToString().ToLowerInvariant())
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Parameter.TypeFullName)
    $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:Ns.dev, $Default)
    $Writer.WriteEndElement()
}

# The parameter's page text plus what the code says about accepted values and ranges.
function Get-ParameterDescription($Parameter, $DocParameter) {
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $DocParameter.Description) { $paragraphs.Add($p) }
    if ($Parameter.Values) { $paragraphs.Add("Accepted values: $($Parameter.Values -join ', ')") }
    if ($null -ne $Parameter.RangeMin) {
        $range = if ($Parameter.RangeMax -eq "$([int]::MaxValue)" -or $Parameter.RangeMax -eq "$([long]::MaxValue)") { "$($Parameter.RangeMin) or more" } else { "$($Parameter.RangeMin) to $($Parameter.RangeMax)" }
        $paragraphs.Add("Valid range: $range")
    }
    return , $paragraphs.ToArray()
}

function Write-MamlTypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items) {
    $Writer.WriteStartElement('command', $ListName, $script:Ns.command)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $script:Ns.command)
        $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $item.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand([System.Xml.XmlWriter] $Writer, $Doc, $Command) {
    $byName = @{}
    foreach ($p in $Command.Parameters) { $byName[$p.Name] = $p }

    $Writer.WriteStartElement('command', 'command', $script:Ns.command)
    $Writer.WriteStartElement('command', 'details', $script:Ns.command)
    $Writer.WriteElementString('command', 'name', $script:Ns.command, $Command.Name)
    Write-Description $Writer @($Doc.Synopsis)
    $Writer.WriteElementString('command', 'verb', $script:Ns.command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $script:Ns.command, $Command.Noun)
    $Writer.WriteEndElement()
    Write-Description $Writer $Doc.Description

    $Writer.WriteStartElement('command', 'syntax', $script:Ns.command)
    foreach ($set in $Command.Sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Ns.command)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Command.Name)
        # Positional parameters first (by position), then mandatory named ones, then the rest, as PowerShell prints them.
        $ordered = foreach ($name in $set.Parameters) {
            $p = $byName[$name]
            $info = $p.Sets | Where-Object Set -EQ $set.Name | Select-Object -First 1
            [pscustomobject]@{ P = $p; Info = $info; Key = if ($info.Position -ge 0) { $info.Position } elseif ($info.Mandatory) { 1000 } else { 2000 } }
        }
        foreach ($entry in @($ordered | Sort-Object Key -Stable)) {
            Write-MamlParameter $Writer $entry.P $entry.Info @() '' -Syntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:Ns.command)
    foreach ($name in $Doc.Parameters.Keys) {
        $p = $byName[$name]
        if (-not $p) { continue }
        $docParameter = $Doc.Parameters[$name]
        $default = if ($docParameter.Default) { $docParameter.Default } else { $p.Default }
        $info = $p.Sets | Where-Object { $_.Position -ge 0 } | Select-Object -First 1
        if (-not $info) { $info = $p.Sets[0] }
        Write-MamlParameter $Writer $p $info (Get-ParameterDescription $p $docParameter) $default
    }
    $Writer.WriteEndElement()

    Write-MamlTypeList $Writer 'inputTypes' 'inputType' $Doc.Inputs
    Write-MamlTypeList $Writer 'returnValues' 'returnValue' $Doc.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $script:Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $script:Ns.maml)
    Write-Para $Writer $Doc.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:Ns.command)
    foreach ($example in $Doc.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Ns.command)
        $Writer.WriteElementString('maml', 'title', $script:Ns.maml, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $script:Ns.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:Ns.dev)
        # The empty paragraph leaves a blank line before the next example's title.
        Write-Para $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:Ns.command)
    foreach ($link in $Doc.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Ns.maml, $link.Text)
        $uri = if ($link.Target -match '^https?://') { $link.Target } else { '' }
        $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, $uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlFile([string] $Path, $Docs, $Commands) {
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') {
            $writer.WriteAttributeString('xmlns', $prefix, $null, $script:Ns[$prefix])
        }
        foreach ($command in $Commands) {
            Write-MamlCommand $writer ($Docs | Where-Object Name -EQ $command.Name) $command
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
}

#endregion

#region About topics

function Format-Wrapped([string] $Text, [int] $Indent, [int] $Hanging = $Indent, [int] $Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line)
            $line = (' ' * $Hanging) + $word
        }
        else { $line += $(if ($empty) { '' } else { ' ' }) + $word }
        $empty = $false
    }
    $lines.Add($line)
    return $lines
}

function ConvertTo-AboutText([string] $Path) {
    $file = Read-MarkdownFile $Path
    $name = [IO.Path]::GetFileNameWithoutExtension($Path)
    if ($file.Title -ne $name) { Add-Problem $Path "the first line must be '# $name'." }
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'SEE ALSO') {
        if (-not $file.Sections.Contains($required) -or -not (Test-HasText $file.Sections[$required])) { Add-Problem $Path "missing or empty section '## $required'." }
    }
    $keys = @($file.Sections.Keys)
    if ($keys.Count -lt 3 -or $keys[0] -ne 'SHORT DESCRIPTION' -or $keys[1] -ne 'LONG DESCRIPTION' -or $keys[-1] -ne 'SEE ALSO') {
        Add-Problem $Path "sections must start with SHORT DESCRIPTION, LONG DESCRIPTION and end with SEE ALSO."
    }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add("    $name"); $out.Add('')
    foreach ($section in $file.Sections.Keys) {
        $out.Add($section.ToUpperInvariant())
        $split = Split-Subsection $file.Sections[$section]
        $parts = @(@{ Heading = $null; Blocks = $split.Preamble }) + @($split.Items)
        foreach ($part in $parts) {
            if ($part.Heading) {
                $out.Add('    ' + $part.Heading)
                $out.Add('    ' + ('-' * $part.Heading.Length))
            }
            foreach ($block in (ConvertTo-Block $part.Blocks)) {
                switch ($block.Kind) {
                    'Para' { foreach ($l in (Format-Wrapped $block.Lines[0] 4)) { $out.Add($l) } }
                    'List' { foreach ($item in $block.Lines) { foreach ($l in (Format-Wrapped "- $item" 4 6)) { $out.Add($l) } } }
                    default { foreach ($l in $block.Lines) { $out.Add(('        ' + $l).TrimEnd()) } }
                }
                $out.Add('')
            }
        }
    }
    return ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

#endregion

function Invoke-HelpBuild {
    $docs = (Resolve-Path $DocsPath).Path
    New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
    $output = (Resolve-Path $OutputPath).Path
    $manifest = $ModuleManifest
    if (-not $manifest) {
        $manifest = Get-ChildItem -Path (Split-Path $output -Parent) -Filter *.psd1 | Select-Object -First 1 -ExpandProperty FullName
        if (-not $manifest) { throw "No module manifest (*.psd1) beside ${output}: build the module first, or pass -ModuleManifest." }
    }
    $moduleName = [IO.Path]::GetFileNameWithoutExtension($manifest)
    # Binary cmdlets look for <assembly file name>-Help.xml beside the assembly, in the culture folder.
    $rootModule = (Import-PowerShellDataFile -Path $manifest).RootModule
    if (-not $rootModule) { $rootModule = "$moduleName.dll" }
    $commands = @(Get-ModuleMetadata $manifest)
    if (-not $commands) { throw "$manifest exports no cmdlets." }

    $pages = @(Get-ChildItem -Path $docs -Filter '*-*.md' -File | Sort-Object Name)
    $aboutPages = @(Get-ChildItem -Path $docs -Filter 'about_*.md' -File | Sort-Object Name)
    $topics = @($commands.Name) + @($aboutPages | ForEach-Object { $_.BaseName })
    $docsByName = @{}
    foreach ($page in $pages) {
        if ($page.BaseName -notin $commands.Name) { Add-Problem $page.FullName "$($page.BaseName) is not a cmdlet of $moduleName ($($commands.Name -join ', '))."; continue }
        $docsByName[$page.BaseName] = Read-CommandDoc $page.FullName
    }
    foreach ($command in $commands) {
        if (-not $docsByName.ContainsKey($command.Name)) { Add-Problem "$($command.Name).md" "missing: $($command.Name) is exported by $moduleName and has no page in $docs."; continue }
        Test-CommandDoc $docsByName[$command.Name] $command $topics
    }
    $aboutTexts = @{}
    foreach ($page in $aboutPages) { $aboutTexts[$page.BaseName] = ConvertTo-AboutText $page.FullName }

    if ($script:Problems.Count) {
        throw "The help in $docs has $($script:Problems.Count) problem(s):`n  " + ($script:Problems -join "`n  ")
    }

    $mamlPath = Join-Path $output "$(Split-Path $rootModule -Leaf)-Help.xml"
    Write-MamlFile $mamlPath @($docsByName.Values) $commands
    foreach ($topic in $aboutTexts.Keys) {
        [IO.File]::WriteAllText((Join-Path $output "$topic.help.txt"), $aboutTexts[$topic], [Text.UTF8Encoding]::new($false))
    }
    Write-Host "Wrote help for $($commands.Count) cmdlets and $($aboutTexts.Count) about topic(s) to $output."
}

Invoke-HelpBuild
